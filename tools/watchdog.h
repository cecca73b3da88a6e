/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The runaway watchdog: a task that loops without a kernel-API call never
 * comes back to the scheduler, so nothing else can stop it.  Once a second
 * SIGALRM looks at the step count; when it has not moved for the limit (or
 * for whatever is left of --time), the process ends with exit status 3 and
 * "runaway: task X made no kernel-API call in N s".
 */
#ifndef TOOLS_WATCHDOG_H
#define TOOLS_WATCHDOG_H

#define WATCHDOG_EXIT 3
#define WATCHDOG_SECONDS 10

/*
 * Watch until watchdog_stop(): no step for @limit seconds, or none after
 * @deadline (now_seconds(); 0: none), is a runaway.  @fd: where the line
 * goes, @prefix: what it starts with ("" or a campaign child's word).
 */
void watchdog_start(unsigned int limit, double deadline, int fd, const char *prefix);
void watchdog_stop(void);
/* A new run began: that is progress too. */
void watchdog_beat(void);

#endif /* TOOLS_WATCHDOG_H */
