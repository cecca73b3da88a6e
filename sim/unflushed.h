/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Under tso a store writes memory at once, so that memory always holds what
 * the writer's own CPU reads (plain accesses of a CPU's own data see its own
 * stores); while the store waits in its store buffer, this table keeps, for
 * each byte it changed, the value every other CPU still sees.  Bytes, not
 * addresses, so that mixed-size accesses stay right.
 */
#ifndef SIM_UNFLUSHED_H
#define SIM_UNFLUSHED_H

#include <stdbool.h>
#include <stdint.h>

/* A store of @value to [addr, addr+size) enters a store buffer; memory not written yet. */
void unflushed_hold(const volatile void *addr, unsigned int size, uint64_t value);
/* A store that waited leaves its buffer: what the others see becomes @value. */
void unflushed_flush(volatile void *addr, unsigned int size, uint64_t value);
/* A store every CPU sees at once (a locked RMW, sc); memory already holds @value. */
void unflushed_write_through(const volatile void *addr, unsigned int size, uint64_t value);
/* What a CPU without a buffered store to these bytes reads, given what memory holds. */
uint64_t unflushed_visible(const volatile void *addr, unsigned int size, uint64_t memory);
bool unflushed_any(void);
void unflushed_reset(void);

#endif /* SIM_UNFLUSHED_H */
