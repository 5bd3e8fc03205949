/* datum — the offsets Chinese map apps put on coordinates: GCJ-02 (Amap, Tencent) and BD-09 (Baidu).
 *
 * Owns: the published GCJ-02 obfuscation (the "Krasovsky" formula every open implementation shares) and
 * the BD-09 rotation on top of it, forward exactly, and backward by fixed-point iteration until the
 * round trip agrees to 1e-10 degrees (about 0.01 mm), far inside the 0.05 m SPEC §3 asks. Only points
 * inside China's bounds are offset; others pass through unchanged, as in the apps. PROJ has no such
 * transform, which is why this module exists. Pure functions on lon/lat degrees: nothing to own.
 */
#ifndef ADCOV_DATUM_H
#define ADCOV_DATUM_H

typedef enum { ADCOV_DATUM_WGS84, ADCOV_DATUM_GCJ02, ADCOV_DATUM_BD09 } adcov_datum;

/* "wgs84", "gcj02" or "bd09" (case as written); 0 on success, -1 for anything else. */
int adcov_datum_parse(const char *name, adcov_datum *out);
const char *adcov_datum_name(adcov_datum d);

/* 1 when (lon, lat) is inside the bounds where the apps offset coordinates. */
int adcov_datum_in_china(double lon, double lat);

/* Converts *lon, *lat (degrees) from datum d to WGS 84, and back. WGS 84 to WGS 84 does nothing. */
void adcov_datum_to_wgs84(adcov_datum d, double *lon, double *lat);
void adcov_datum_from_wgs84(adcov_datum d, double *lon, double *lat);

#endif
