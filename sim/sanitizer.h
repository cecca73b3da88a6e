/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which sanitizer this translation unit is built with, under one spelling for
 * gcc (__SANITIZE_*__) and clang (__has_feature).
 */
#ifndef SIM_SANITIZER_H
#define SIM_SANITIZER_H

#ifndef __has_feature
#define __has_feature(x) 0
#endif

#if defined(__SANITIZE_ADDRESS__) || __has_feature(address_sanitizer)
#define SIM_ASAN 1
#else
#define SIM_ASAN 0
#endif

/*
 * The engine is compiled without TSan instrumentation (its bookkeeping is not
 * the simulated program's), so the build says so with SIM_BUILD_TSAN.
 */
#if defined(SIM_BUILD_TSAN) || defined(__SANITIZE_THREAD__) || __has_feature(thread_sanitizer)
#define SIM_TSAN 1
#else
#define SIM_TSAN 0
#endif

#endif /* SIM_SANITIZER_H */
