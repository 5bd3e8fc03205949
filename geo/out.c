#include "out.h"

#include <errno.h>
#include <gdal.h>
#include <ogr_api.h>
#include <cpl_string.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char *temp_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    return adcov_sprintf("%.*s.%s.tmp%ld", (int)dirlen, path, path + dirlen, (long)getpid());
}

static adcov_status commit_rename(adcov_ctx *ctx, const char *tmp, const char *path)
{
    if (rename(tmp, path) != 0) {
        adcov_status st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", path, strerror(errno));
        remove(tmp);
        return st;
    }
    return ADCOV_OK;
}

adcov_status adcov_mkdir_p(adcov_ctx *ctx, const char *dir)
{
    char *copy = adcov_strdup(dir);
    if (!copy)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", dir);
    for (char *p = copy + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        mkdir(copy, 0777);
        *p = '/';
    }
    int rc = mkdir(copy, 0777);
    free(copy);
    struct stat sb;
    if (rc != 0 && errno != EEXIST)
        return adcov_fail(ctx, ADCOV_EIO, "%s: cannot create the output folder: %s", dir, strerror(errno));
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode) || access(dir, W_OK) != 0)
        return adcov_fail(ctx, ADCOV_EIO, "%s: the output folder cannot be written", dir);
    return ADCOV_OK;
}

/* ---- text files ---- */

struct adcov_textfile {
    char *path, *tmp;
    FILE *f;
};

adcov_status adcov_textfile_open(adcov_ctx *ctx, const char *path, adcov_textfile **out)
{
    *out = NULL;
    adcov_textfile *t = adcov_calloc(1, sizeof *t);
    if (!t || !(t->path = adcov_strdup(path)) || !(t->tmp = temp_name(path))) {
        adcov_textfile_abort(t);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    if (!(t->f = fopen(t->tmp, "wb"))) {
        adcov_status st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", path, strerror(errno));
        adcov_textfile_abort(t);
        return st;
    }
    *out = t;
    return ADCOV_OK;
}

FILE *adcov_textfile_stream(adcov_textfile *t) { return t->f; }

adcov_status adcov_textfile_commit(adcov_ctx *ctx, adcov_textfile *t)
{
    int bad = ferror(t->f) | (fflush(t->f) != 0) | (fsync(fileno(t->f)) != 0);
    bad |= fclose(t->f) != 0;
    t->f = NULL;
    adcov_status st = bad ? adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", t->path, strerror(errno))
                          : commit_rename(ctx, t->tmp, t->path);
    if (bad)
        remove(t->tmp);
    free(t->path);
    free(t->tmp);
    free(t);
    return st;
}

void adcov_textfile_abort(adcov_textfile *t)
{
    if (!t)
        return;
    if (t->f) {
        fclose(t->f);
        remove(t->tmp);
    }
    free(t->path);
    free(t->tmp);
    free(t);
}

void adcov_csv_field(FILE *f, const char *s)
{
    if (!s)
        s = "";
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* ---- GeoJSON ---- */

struct adcov_geojson {
    char *path, *tmp;
    GDALDatasetH ds;
    OGRLayerH lyr;
    size_t nprops;
    adcov_prop_type *types;
    GEOSContextHandle_t h;
};

static adcov_status create_fields(adcov_ctx *ctx, adcov_geojson *w, const adcov_prop *props, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        OGRFieldType t = props[i].type == ADCOV_PROP_REAL ? OFTReal
                         : props[i].type == ADCOV_PROP_STR ? OFTString : OFTInteger;
        OGRFieldDefnH fd = OGR_Fld_Create(props[i].name, t);
        if (props[i].type == ADCOV_PROP_BOOL)
            OGR_Fld_SetSubType(fd, OFSTBoolean);
        OGRErr err = OGR_L_CreateField(w->lyr, fd, 1);
        OGR_Fld_Destroy(fd);
        if (err != OGRERR_NONE)
            return adcov_fail(ctx, ADCOV_EIO, "%s: cannot create property %s", w->path, props[i].name);
        w->types[i] = props[i].type;
    }
    return ADCOV_OK;
}

adcov_status adcov_geojson_open(adcov_ctx *ctx, const char *path, OGRSpatialReferenceH crs, const adcov_prop *props,
                                size_t nprops, adcov_geojson **out)
{
    *out = NULL;
    adcov_geojson *w = adcov_calloc(1, sizeof *w);
    if (!w || !(w->path = adcov_strdup(path)) || !(w->tmp = temp_name(path)) ||
        !(w->types = adcov_calloc(nprops ? nprops : 1, sizeof *w->types))) {
        adcov_geojson_abort(w);
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", path);
    }
    w->h = adcov_ctx_geos(ctx);
    w->nprops = nprops;
    GDALDriverH drv = GDALGetDriverByName("GeoJSON");
    char **lco = CSLSetNameValue(NULL, "RFC7946", "YES");
    lco = CSLSetNameValue(lco, "COORDINATE_PRECISION", "7");
    lco = CSLSetNameValue(lco, "WRITE_NAME", "NO");
    CPLErrorReset();
    w->ds = drv ? GDALCreate(drv, w->tmp, 0, 0, 0, GDT_Unknown, NULL) : NULL;
    w->lyr = w->ds ? GDALDatasetCreateLayer(w->ds, "features", crs, wkbUnknown, lco) : NULL;
    CSLDestroy(lco);
    if (!w->lyr) {
        adcov_status st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", path, adcov_gdal_message());
        adcov_geojson_abort(w);
        return st;
    }
    adcov_status st = create_fields(ctx, w, props, nprops);
    if (st) {
        adcov_geojson_abort(w);
        return st;
    }
    *out = w;
    return ADCOV_OK;
}

static OGRGeometryH to_ogr(adcov_geojson *w, const GEOSGeometry *g)
{
    size_t sz = 0;
    GEOSWKBWriter *wr = GEOSWKBWriter_create_r(w->h);
    unsigned char *buf = wr ? GEOSWKBWriter_write_r(w->h, wr, g, &sz) : NULL;
    OGRGeometryH og = NULL;
    if (buf && OGR_G_CreateFromWkbEx(buf, NULL, &og, sz) != OGRERR_NONE)
        og = NULL;
    GEOSFree_r(w->h, buf);
    if (wr)
        GEOSWKBWriter_destroy_r(w->h, wr);
    return og;
}

adcov_status adcov_geojson_add(adcov_ctx *ctx, adcov_geojson *w, const GEOSGeometry *g, const char *const *values)
{
    OGRFeatureH f = OGR_F_Create(OGR_L_GetLayerDefn(w->lyr));
    if (!f)
        return adcov_fail(ctx, ADCOV_ENOMEM, "%s: out of memory", w->path);
    for (size_t i = 0; i < w->nprops; i++) {
        if (!values[i] || !*values[i])
            OGR_F_SetFieldNull(f, (int)i);
        else
            OGR_F_SetFieldString(f, (int)i, values[i]);
    }
    adcov_status st = ADCOV_OK;
    if (g) {
        OGRGeometryH og = to_ogr(w, g);
        if (!og)
            st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot convert a geometry", w->path);
        else
            OGR_F_SetGeometryDirectly(f, og);
    }
    CPLErrorReset();
    if (!st && OGR_L_CreateFeature(w->lyr, f) != OGRERR_NONE)
        st = adcov_fail(ctx, ADCOV_EIO, "%s: cannot write a feature: %s", w->path, adcov_gdal_message());
    OGR_F_Destroy(f);
    return st;
}

adcov_status adcov_geojson_commit(adcov_ctx *ctx, adcov_geojson *w)
{
    CPLErrorReset();
    GDALClose(w->ds);
    w->ds = NULL;
    adcov_status st = CPLGetLastErrorType() >= CE_Failure
                          ? adcov_fail(ctx, ADCOV_EIO, "%s: cannot write: %s", w->path, adcov_gdal_message())
                          : commit_rename(ctx, w->tmp, w->path);
    if (st)
        remove(w->tmp);
    free(w->path);
    free(w->tmp);
    free(w->types);
    free(w);
    return st;
}

void adcov_geojson_abort(adcov_geojson *w)
{
    if (!w)
        return;
    if (w->ds) {
        GDALClose(w->ds);
        remove(w->tmp);
    }
    free(w->path);
    free(w->tmp);
    free(w->types);
    free(w);
}
