// SPDX-License-Identifier: GPL-2.0
/*
 * The schedfuzz program: its command line is a library entry, so that a
 * user's scenario files linked with libschedfuzz get the same main().
 */
#include "sim/schedfuzz/scenario.h"

/*
 * A race TSan reports is a finding of the run, and exits 1 like any other;
 * TSan's own status for it (66) would say something else.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_options(void)
{
	return "exitcode=1";
}

int main(int argc, char **argv)
{
	return schedfuzz_main(argc, argv);
}
