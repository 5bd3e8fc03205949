/* adcov — checks public-service ads against the National Civilized City spatial rules. */
#include "cli.h"

int main(int argc, char **argv) { return adcov_main(argc, argv); }
