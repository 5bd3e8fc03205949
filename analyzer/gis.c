#include "gis.h"
#include "out.h"

#include <gdal.h>
#include <stdlib.h>
#include <string.h>

/* ---- QGIS styles ---- */

typedef struct {
    const char *value, *label, *color; /* color "r,g,b,a" */
} category;

static void symbol(FILE *f, const char *type, int n, const char *color, double size)
{
    fprintf(f, "      <symbol type=\"%s\" name=\"%d\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">\n", type, n);
    if (!strcmp(type, "line"))
        fprintf(f, "        <layer class=\"SimpleLine\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                   "          <prop k=\"line_color\" v=\"%s\"/><prop k=\"line_width\" v=\"%.1f\"/>\n"
                   "          <prop k=\"line_width_unit\" v=\"MM\"/><prop k=\"capstyle\" v=\"round\"/>\n",
                color, size);
    else if (!strcmp(type, "marker"))
        fprintf(f, "        <layer class=\"SimpleMarker\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                   "          <prop k=\"name\" v=\"circle\"/><prop k=\"color\" v=\"%s\"/><prop k=\"size\" v=\"%.1f\"/>\n"
                   "          <prop k=\"size_unit\" v=\"MM\"/><prop k=\"outline_color\" v=\"255,255,255,255\"/>\n",
                color, size);
    else
        fprintf(f, "        <layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\">\n"
                   "          <prop k=\"color\" v=\"%s\"/><prop k=\"style\" v=\"solid\"/>\n"
                   "          <prop k=\"outline_color\" v=\"230,140,0,255\"/><prop k=\"outline_width\" v=\"%.1f\"/>\n"
                   "          <prop k=\"outline_width_unit\" v=\"MM\"/>\n",
                color, size);
    fputs("        </layer>\n      </symbol>\n", f);
}

/* A style that colours the layer by attr (a QGIS expression) through cats, symbols of type. */
static adcov_status categorized(adcov_ctx *ctx, const char *path, const char *attr, const char *type,
                                const category *cats, size_t n, double size)
{
    adcov_textfile *t = NULL;
    adcov_status st = adcov_textfile_open(ctx, path, &t);
    if (st)
        return st;
    FILE *f = adcov_textfile_stream(t);
    fprintf(f, "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
               "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
               "  <renderer-v2 type=\"categorizedSymbol\" attr=\"%s\" forceraster=\"0\" symbollevels=\"0\" "
               "enableorderby=\"0\">\n    <categories>\n",
            attr);
    for (size_t i = 0; i < n; i++)
        fprintf(f, "      <category value=\"%s\" symbol=\"%zu\" label=\"%s\" render=\"true\"/>\n", cats[i].value, i,
                cats[i].label);
    fputs("    </categories>\n    <symbols>\n", f);
    for (size_t i = 0; i < n; i++)
        symbol(f, type, (int)i, cats[i].color, size * (i == 0 && !strcmp(type, "line") ? 1.6 : 1));
    fputs("    </symbols>\n  </renderer-v2>\n</qgis>\n", f);
    return adcov_textfile_commit(ctx, t);
}

static adcov_status zone_style(adcov_ctx *ctx, const char *path)
{
    adcov_textfile *t = NULL;
    adcov_status st = adcov_textfile_open(ctx, path, &t);
    if (st)
        return st;
    FILE *f = adcov_textfile_stream(t);
    fputs("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
          "<qgis version=\"3.22.0\" styleCategories=\"Symbology\">\n"
          "  <renderer-v2 type=\"singleSymbol\" forceraster=\"0\" symbollevels=\"0\" enableorderby=\"0\">\n"
          "    <symbols>\n",
          f);
    symbol(f, "fill", 0, "249,168,37,60", 0.4);
    fputs("    </symbols>\n  </renderer-v2>\n</qgis>\n", f);
    return adcov_textfile_commit(ctx, t);
}

adcov_status adcov_gis_styles(adcov_ctx *ctx, const char *dir)
{
    static const category gaps[] = {{"in", "迎检区内缺口 gap in an inspection zone", "183,28,28,255"},
                                    {"out", "缺口 gap", "239,83,80,255"}};
    static const category sites[] = {{"fail", "不达标 fails", "211,47,47,255"},
                                     {"pass", "达标 passes", "46,125,50,255"},
                                     {"unknown", "无法判定 unknown", "117,117,117,255"}};
    static const category areas[] = {{"fail", "不达标 fails", "211,47,47,110"},
                                     {"pass", "达标 passes", "46,125,50,110"},
                                     {"unknown", "无法判定 unknown", "117,117,117,110"}};
    char *p[5] = {adcov_sprintf("%s/gaps.qml", dir), adcov_sprintf("%s/sites.qml", dir),
                  adcov_sprintf("%s/zones.qml", dir), adcov_sprintf("%s/site_areas.qml", dir),
                  adcov_sprintf("%s/hoardings.qml", dir)};
    adcov_status st = p[0] && p[1] && p[2] && p[3] && p[4] ? ADCOV_OK : adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    if (!st) /* in_zone is a JSON boolean: the expression reads it whatever type QGIS gives it */
        st = categorized(ctx, p[0], "if(&quot;in_zone&quot;, 'in', 'out')", "line", gaps, 2, 1.0);
    if (!st)
        st = categorized(ctx, p[1], "status", "marker", sites, 3, 3.0);
    if (!st)
        st = zone_style(ctx, p[2]);
    if (!st)
        st = categorized(ctx, p[3], "status", "fill", areas, 3, 0.4);
    if (!st)
        st = categorized(ctx, p[4], "status", "line", sites, 3, 1.2);
    for (int i = 0; i < 5; i++)
        free(p[i]);
    return st;
}

/* ---- GeoPackage ---- */

static const char *const layers[] = {"gaps",  "stretches",   "ads",      "sites", "site_areas",
                                     "hoardings", "zones", "suggestions", "isovists", NULL};

static adcov_status copy_layer(adcov_ctx *ctx, GDALDatasetH dst, const char *dir, const char *name)
{
    char *src_path = adcov_sprintf("%s/%s.geojson", dir, name);
    if (!src_path)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    GDALDatasetH src = GDALOpenEx(src_path, GDAL_OF_VECTOR | GDAL_OF_READONLY, NULL, NULL, NULL);
    OGRLayerH l = src ? GDALDatasetGetLayer(src, 0) : NULL;
    adcov_status st = ADCOV_OK;
    if (!l || !GDALDatasetCopyLayer(dst, l, name, NULL))
        st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot copy into the GeoPackage: %s", src_path, adcov_gdal_message());
    if (src)
        GDALClose(src);
    free(src_path);
    return st;
}

adcov_status adcov_gis_geopackage(adcov_ctx *ctx, const char *dir)
{
    char *path = adcov_sprintf("%s/adcov.gpkg", dir), *tmp = path ? adcov_out_temp_name(path) : NULL;
    if (!tmp) {
        free(path);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    }
    adcov_ctx_push_gdal(ctx);
    GDALDriverH drv = GDALGetDriverByName("GPKG");
    GDALDatasetH dst = drv ? GDALCreate(drv, tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    adcov_status st = dst ? ADCOV_OK : adcov_fail(ctx, ADCOV_EIO, "%s: cannot create: %s", path, adcov_gdal_message());
    for (int i = 0; !st && layers[i]; i++)
        st = copy_layer(ctx, dst, dir, layers[i]);
    if (dst)
        GDALClose(dst);
    adcov_ctx_pop_gdal(ctx);
    if (!st)
        st = adcov_out_commit(ctx, tmp, path);
    else
        remove(tmp);
    free(tmp);
    free(path);
    return st;
}
