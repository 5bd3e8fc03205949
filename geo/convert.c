#include "convert.h"
#include "layer.h"
#include "encoding.h"

#include <gdal.h>
#include <ogr_api.h>
#include <ogr_srs_api.h>
#include <cpl_string.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

static const char *driver_for(const char *path, char ***lco)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return NULL;
    if (!strcasecmp(dot, ".gpkg"))
        return "GPKG";
    if (!strcasecmp(dot, ".geojson") || !strcasecmp(dot, ".json")) {
        *lco = CSLSetNameValue(*lco, "RFC7946", "YES");
        return "GeoJSON";
    }
    if (!strcasecmp(dot, ".shp")) {
        *lco = CSLSetNameValue(*lco, "ENCODING", "UTF-8");
        return "ESRI Shapefile";
    }
    if (!strcasecmp(dot, ".csv")) {
        *lco = CSLSetNameValue(*lco, "GEOMETRY", "AS_XY");
        return "CSV";
    }
    if (!strcasecmp(dot, ".kml"))
        return "KML";
    return NULL;
}

static void move_points(OGRGeometryH g, const adcov_convert_opts *o)
{
    int parts = OGR_G_GetGeometryCount(g);
    for (int i = 0; i < parts; i++)
        move_points(OGR_G_GetGeometryRef(g, i), o);
    int n = parts ? 0 : OGR_G_GetPointCount(g);
    for (int i = 0; i < n; i++) {
        double x = OGR_G_GetX(g, i), y = OGR_G_GetY(g, i);
        adcov_datum_to_wgs84(o->from, &x, &y);
        adcov_datum_from_wgs84(o->to, &x, &y);
        if (OGR_G_GetCoordinateDimension(g) == 3)
            OGR_G_SetPoint(g, i, x, y, OGR_G_GetZ(g, i));
        else
            OGR_G_SetPoint_2D(g, i, x, y);
    }
}

static adcov_status copy_fields(adcov_ctx *ctx, const adcov_convert_opts *o, OGRLayerH in, OGRLayerH out)
{
    OGRFeatureDefnH defn = OGR_L_GetLayerDefn(in);
    for (int i = 0; i < OGR_FD_GetFieldCount(defn); i++) {
        OGRFieldDefnH fd = OGR_FD_GetFieldDefn(defn, i);
        const char *name = OGR_Fld_GetNameRef(fd);
        if ((o->x && !strcmp(name, o->x)) || (o->y && !strcmp(name, o->y)))
            continue; /* the coordinates travel in the geometry */
        if (OGR_L_CreateField(out, fd, 1) != OGRERR_NONE)
            return adcov_fail(ctx, ADCOV_EIO, "%s:%s::%s: cannot create the field", o->out, OGR_L_GetName(in), name);
    }
    return ADCOV_OK;
}

static adcov_status copy_layer(adcov_ctx *ctx, const adcov_convert_opts *o, OGRLayerH in, GDALDatasetH ds,
                               char **lco, long long *features)
{
    OGRSpatialReferenceH srs = OGR_L_GetSpatialRef(in);
    if (srs && !OSRIsGeographic(srs))
        return adcov_fail(ctx, ADCOV_EINPUT,
                          "%s:%s::: the layer is in a projected CRS; datum offsets apply to longitude/latitude",
                          o->in, OGR_L_GetName(in));
    OGRSpatialReferenceH wgs = OSRNewSpatialReference(NULL);
    OSRImportFromEPSG(wgs, 4326);
    OSRSetAxisMappingStrategy(wgs, OAMS_TRADITIONAL_GIS_ORDER);
    CPLErrorReset();
    OGRLayerH out = GDALDatasetCreateLayer(ds, OGR_L_GetName(in), wgs, OGR_L_GetGeomType(in), lco);
    OSRRelease(wgs);
    if (!out)
        return adcov_fail(ctx, ADCOV_EIO, "%s:%s::: cannot create the layer: %s", o->out, OGR_L_GetName(in),
                          adcov_gdal_message());
    adcov_status st = copy_fields(ctx, o, in, out);
    OGRFeatureH f;
    OGR_L_ResetReading(in);
    while (!st && (f = OGR_L_GetNextFeature(in))) {
        OGRFeatureH g = OGR_F_Create(OGR_L_GetLayerDefn(out));
        OGR_F_SetFrom(g, f, 1); /* fields by name */
        OGRGeometryH geom = OGR_F_GetGeometryRef(f);
        if (geom) {
            OGRGeometryH moved = OGR_G_Clone(geom);
            move_points(moved, o);
            OGR_F_SetGeometryDirectly(g, moved);
        }
        if (OGR_L_CreateFeature(out, g) != OGRERR_NONE)
            st = adcov_fail(ctx, ADCOV_EIO, "%s:%s:%lld:: cannot write the feature: %s", o->out, OGR_L_GetName(in),
                            (long long)OGR_F_GetFID(f), adcov_gdal_message());
        else
            (*features)++;
        OGR_F_Destroy(g);
        OGR_F_Destroy(f);
    }
    return st;
}

adcov_status adcov_convert(adcov_ctx *ctx, const adcov_convert_opts *o, long long *features)
{
    *features = 0;
    char **lco = NULL, **oo = NULL;
    const char *drv_name = driver_for(o->out, &lco);
    if (!drv_name) {
        CSLDestroy(lco);
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: write .gpkg, .geojson, .shp, .csv or .kml", o->out);
    }
    if (access(o->out, F_OK) == 0) {
        CSLDestroy(lco);
        return adcov_fail(ctx, ADCOV_EUSAGE, "%s: already exists; adcov convert does not overwrite", o->out);
    }
    if (o->x)
        oo = CSLSetNameValue(CSLSetNameValue(oo, "X_POSSIBLE_NAMES", o->x), "Y_POSSIBLE_NAMES", o->y);
    const char *enc = NULL;
    char *recoded = NULL;
    adcov_status st = adcov_dbf_encoding(ctx, o->in, o->in, NULL, &enc);
    if (!st)
        st = adcov_recode_text_file(ctx, o->in, o->in, NULL, &recoded);
    if (enc)
        oo = CSLSetNameValue(oo, "ENCODING", enc);
    CPLErrorReset();
    GDALDatasetH in = st ? NULL : GDALOpenEx(recoded ? recoded : o->in, GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                             adcov_input_drivers, (const char *const *)oo, NULL);
    GDALDatasetH out = NULL;
    if (!st && !in)
        st = adcov_fail(ctx, ADCOV_EINPUT, "%s:::: cannot open: %s", o->in, adcov_gdal_message());
    else if (!st && !(out = GDALCreate(GDALGetDriverByName(drv_name), o->out, 0, 0, 0, GDT_Unknown, NULL)))
        st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot create: %s", o->out, adcov_gdal_message());
    for (int i = 0; !st && i < GDALDatasetGetLayerCount(in); i++)
        st = copy_layer(ctx, o, GDALDatasetGetLayer(in, i), out, lco, features);
    if (out)
        GDALClose(out);
    if (in)
        GDALClose(in);
    adcov_vsimem_free(recoded);
    if (st && out)
        GDALDeleteDataset(GDALGetDriverByName(drv_name), o->out);
    CSLDestroy(lco);
    CSLDestroy(oo);
    return st;
}
