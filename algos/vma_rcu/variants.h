/* SPDX-License-Identifier: GPL-2.0 */
/* What one variant's file lends another (v12.c's pieces, mostly). */
#ifndef ALGOS_VMA_RCU_VARIANTS_H
#define ALGOS_VMA_RCU_VARIANTS_H

#include "mm.h"

#define VMA_NR_PARAMS 6

int v12_handle_speculative_fault(struct vma_ctx *ctx, struct mm_struct *mm,
				 unsigned long address);
/* __vma_rb_erase()'s end in v12: the tree's reference, after a grace period. */
void vm_rcu_put(struct mm_struct *mm, struct vm_area_struct *vma);
/* remove_vma()'s end with a refcount: put_vma(), the mm's reference. */
void vma_put_mm(struct mm_struct *mm, struct vm_area_struct *vma);

#endif /* ALGOS_VMA_RCU_VARIANTS_H */
