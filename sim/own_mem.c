// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "own_mem.h"
#include "sanitizer.h"

#if SIM_TSAN
/* TSan's dynamic-annotation interface: a thread (here, a fiber) ignores its accesses. */
void AnnotateIgnoreWritesBegin(const char *file, int line);
void AnnotateIgnoreWritesEnd(const char *file, int line);
#define ignore_begin() AnnotateIgnoreWritesBegin(__FILE__, __LINE__)
#define ignore_end() AnnotateIgnoreWritesEnd(__FILE__, __LINE__)
#else
#define ignore_begin() do { } while (0)
#define ignore_end() do { } while (0)
#endif

void *sim_own_realloc(void *p, size_t size)
{
	ignore_begin();
	p = realloc(p, size);
	ignore_end();
	if (!p)
		abort();
	return p;
}

void sim_own_free(void *p)
{
	ignore_begin();
	free(p);
	ignore_end();
}
