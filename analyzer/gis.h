/* gis — what GIS staff open: QGIS styles beside the GeoJSON layers, and every layer in one GeoPackage.
 *
 * Owns: gaps.qml, sites.qml and zones.qml (QGIS loads a .qml of the same name as its default style),
 * and adcov.gpkg, copied by GDAL from the GeoJSON files already written in dir. Both are written
 * atomically. The caller owns dir.
 */
#ifndef ADCOV_GIS_H
#define ADCOV_GIS_H

#include "ctx.h"

/* The three .qml files. */
adcov_status adcov_gis_styles(adcov_ctx *ctx, const char *dir);
/* adcov.gpkg with one layer per GeoJSON output (gaps, stretches, ads, sites, zones, suggestions, isovists). */
adcov_status adcov_gis_geopackage(adcov_ctx *ctx, const char *dir);

#endif
