#include "datum.h"

#include <math.h>
#include <string.h>

/* Krasovsky 1940 ellipsoid, as the GCJ-02 formula uses it. */
static const double A = 6378245.0;
static const double EE = 0.00669342162296594323;
static const double X_PI = M_PI * 3000.0 / 180.0;

int adcov_datum_parse(const char *name, adcov_datum *out)
{
    static const char *const names[] = {"wgs84", "gcj02", "bd09"};
    for (int i = 0; i < 3; i++)
        if (!strcmp(name, names[i])) {
            *out = (adcov_datum)i;
            return 0;
        }
    return -1;
}

const char *adcov_datum_name(adcov_datum d)
{
    return d == ADCOV_DATUM_GCJ02 ? "gcj02" : d == ADCOV_DATUM_BD09 ? "bd09" : "wgs84";
}

int adcov_datum_in_china(double lon, double lat)
{
    return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

static double offset_lat(double x, double y)
{
    double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(y * M_PI) + 40.0 * sin(y / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (160.0 * sin(y / 12.0 * M_PI) + 320.0 * sin(y * M_PI / 30.0)) * 2.0 / 3.0;
    return r;
}

static double offset_lon(double x, double y)
{
    double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt(fabs(x));
    r += (20.0 * sin(6.0 * x * M_PI) + 20.0 * sin(2.0 * x * M_PI)) * 2.0 / 3.0;
    r += (20.0 * sin(x * M_PI) + 40.0 * sin(x / 3.0 * M_PI)) * 2.0 / 3.0;
    r += (150.0 * sin(x / 12.0 * M_PI) + 300.0 * sin(x / 30.0 * M_PI)) * 2.0 / 3.0;
    return r;
}

static void wgs_to_gcj(double *lon, double *lat)
{
    double dlat = offset_lat(*lon - 105.0, *lat - 35.0), dlon = offset_lon(*lon - 105.0, *lat - 35.0);
    double rad = *lat / 180.0 * M_PI, magic = 1 - EE * sin(rad) * sin(rad), sq = sqrt(magic);
    dlat = (dlat * 180.0) / ((A * (1 - EE)) / (magic * sq) * M_PI);
    dlon = (dlon * 180.0) / (A / sq * cos(rad) * M_PI);
    *lat += dlat;
    *lon += dlon;
}

static void gcj_to_bd(double *lon, double *lat)
{
    double x = *lon, y = *lat;
    double z = sqrt(x * x + y * y) + 0.00002 * sin(y * X_PI);
    double theta = atan2(y, x) + 0.000003 * cos(x * X_PI);
    *lon = z * cos(theta) + 0.0065;
    *lat = z * sin(theta) + 0.006;
}

static void forward(adcov_datum d, double *lon, double *lat)
{
    if (d == ADCOV_DATUM_WGS84 || !adcov_datum_in_china(*lon, *lat))
        return;
    wgs_to_gcj(lon, lat);
    if (d == ADCOV_DATUM_BD09)
        gcj_to_bd(lon, lat);
}

void adcov_datum_from_wgs84(adcov_datum d, double *lon, double *lat) { forward(d, lon, lat); }

/* Solves forward(w) = target for w by fixed-point iteration: the offset changes by well under a
 * metre per hundred metres, so each step gains several digits. */
void adcov_datum_to_wgs84(adcov_datum d, double *lon, double *lat)
{
    if (d == ADCOV_DATUM_WGS84 || !adcov_datum_in_china(*lon, *lat))
        return;
    double tx = *lon, ty = *lat, wx = tx, wy = ty;
    for (int i = 0; i < 30; i++) {
        double fx = wx, fy = wy;
        forward(d, &fx, &fy);
        double ex = fx - tx, ey = fy - ty;
        wx -= ex;
        wy -= ey;
        if (fabs(ex) < 1e-11 && fabs(ey) < 1e-11)
            break;
    }
    *lon = wx;
    *lat = wy;
}
