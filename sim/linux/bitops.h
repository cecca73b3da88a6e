/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Bit operations on arrays of unsigned long.  set_bit() and clear_bit() are
 * atomic read-modify-writes that order nothing, test_and_set_bit() and
 * test_and_clear_bit() return a value and are fully ordered, as in the
 * kernel (Documentation/atomic_bitops.txt).  The __ forms are plain: for a
 * bitmap a lock protects, and TSan judges them.
 */
#ifndef _LINUX_BITOPS_H
#define _LINUX_BITOPS_H

#include <linux/compiler.h>

#define BITS_PER_LONG (8 * (int)sizeof(long))
#define BIT_MASK(nr) (1UL << ((nr) % BITS_PER_LONG))
#define BIT_WORD(nr) ((nr) / BITS_PER_LONG)

/* One marked read-modify-write of the word holding bit @nr; the old word. */
#define SIM_BITOP(op, nr, addr, rmw, operand, order)                                       \
	((unsigned long)sim_rmw(SIM_SITE(op, #addr), (addr) + BIT_WORD(nr), sizeof(long), \
				rmw, (operand), 0, 0, order))

#define set_bit(nr, addr) \
	((void)SIM_BITOP("set_bit", nr, addr, SIM_RMW_OR, BIT_MASK(nr), SIM_ORDER_ONCE))
#define clear_bit(nr, addr) \
	((void)SIM_BITOP("clear_bit", nr, addr, SIM_RMW_AND, ~BIT_MASK(nr), SIM_ORDER_ONCE))
#define test_and_set_bit(nr, addr)                                                    \
	(!!(SIM_BITOP("test_and_set_bit", nr, addr, SIM_RMW_OR, BIT_MASK(nr),         \
		      SIM_ORDER_FULL) & BIT_MASK(nr)))
#define test_and_clear_bit(nr, addr)                                                  \
	(!!(SIM_BITOP("test_and_clear_bit", nr, addr, SIM_RMW_AND, ~BIT_MASK(nr),     \
		      SIM_ORDER_FULL) & BIT_MASK(nr)))

#define __set_bit(nr, addr) ((void)((addr)[BIT_WORD(nr)] |= BIT_MASK(nr)))
#define __clear_bit(nr, addr) ((void)((addr)[BIT_WORD(nr)] &= ~BIT_MASK(nr)))
/* Plain, as the kernel's generic test_bit() on a bitmap its caller owns. */
#define test_bit(nr, addr) (!!((addr)[BIT_WORD(nr)] & BIT_MASK(nr)))

#endif /* _LINUX_BITOPS_H */
