/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Red-black trees: include/linux/rbtree.h, the non-augmented half of
 * rbtree_augmented.h and lib/rbtree.c (v5.1), written here after them with
 * their names and cases.  Static inline rather than a lib/ file, so that
 * the tree's plain accesses are compiled into the port (TSan judges them)
 * and the tree comes with the installed headers.
 *
 * As in the kernel, every store to rb_left, rb_right and the root is a
 * WRITE_ONCE() and no rotation makes a loop "as seen in program order", so
 * a lockless lookup (find_vma_rcu()) sees only valid nodes and ends -- but
 * may miss whole subtrees while a rotation is under way, which is why its
 * caller retries on a sequence count.  One departure: rb_link_node()'s
 * final store, plain in the kernel, is a WRITE_ONCE() here, so the memory
 * model sees the publication that lockless readers race with.
 * __rb_parent_color is written plainly: lookups never read it.
 */
#ifndef _LINUX_RBTREE_H
#define _LINUX_RBTREE_H

#include <linux/compiler.h>
#include <linux/kernel.h>

struct rb_node {
	unsigned long __rb_parent_color;
	struct rb_node *rb_right;
	struct rb_node *rb_left;
} __attribute__((aligned(sizeof(long))));

struct rb_root {
	struct rb_node *rb_node;
};

#define RB_ROOT ((struct rb_root){ NULL })
#define rb_parent(r) ((struct rb_node *)((r)->__rb_parent_color & ~3UL))
#define rb_entry(ptr, type, member) container_of(ptr, type, member)
#define RB_EMPTY_ROOT(root) (READ_ONCE((root)->rb_node) == NULL)
/* A node not in any tree points to itself. */
#define RB_EMPTY_NODE(node) ((node)->__rb_parent_color == (unsigned long)(node))
#define RB_CLEAR_NODE(node) ((node)->__rb_parent_color = (unsigned long)(node))

#define RB_RED 0
#define RB_BLACK 1

#define __rb_parent(pc) ((struct rb_node *)((pc) & ~3UL))
#define __rb_color(pc) ((pc) & 1)
#define __rb_is_black(pc) __rb_color(pc)
#define __rb_is_red(pc) (!__rb_color(pc))
#define rb_color(rb) __rb_color((rb)->__rb_parent_color)
#define rb_is_red(rb) __rb_is_red((rb)->__rb_parent_color)
#define rb_is_black(rb) __rb_is_black((rb)->__rb_parent_color)

static inline void rb_link_node(struct rb_node *node, struct rb_node *parent,
				struct rb_node **rb_link)
{
	node->__rb_parent_color = (unsigned long)parent;
	node->rb_left = node->rb_right = NULL;
	WRITE_ONCE(*rb_link, node);
}

static inline void rb_set_parent(struct rb_node *rb, struct rb_node *p)
{
	rb->__rb_parent_color = rb_color(rb) | (unsigned long)p;
}

static inline void rb_set_parent_color(struct rb_node *rb, struct rb_node *p, int color)
{
	rb->__rb_parent_color = (unsigned long)p | (unsigned long)color;
}

static inline void rb_set_black(struct rb_node *rb)
{
	rb->__rb_parent_color |= RB_BLACK;
}

static inline struct rb_node *rb_red_parent(struct rb_node *red)
{
	return (struct rb_node *)red->__rb_parent_color;
}

static inline void __rb_change_child(struct rb_node *old, struct rb_node *new,
				     struct rb_node *parent, struct rb_root *root)
{
	if (parent) {
		if (parent->rb_left == old)
			WRITE_ONCE(parent->rb_left, new);
		else
			WRITE_ONCE(parent->rb_right, new);
	} else {
		WRITE_ONCE(root->rb_node, new);
	}
}

/*
 * Helper for rotations: @new takes @old's place and colour, @old becomes
 * @new's child with @color.
 */
static inline void __rb_rotate_set_parents(struct rb_node *old, struct rb_node *new,
					   struct rb_root *root, int color)
{
	struct rb_node *parent = rb_parent(old);

	new->__rb_parent_color = old->__rb_parent_color;
	rb_set_parent_color(old, new, color);
	__rb_change_child(old, new, parent, root);
}

/* Rebalance after rb_link_node(): @node is red; restore "no red node has a red child". */
static inline void rb_insert_color(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *parent = rb_red_parent(node), *gparent, *tmp;

	for (;;) {
		if (unlikely(!parent)) {
			/* The root, the first node or Case 1 recursed up to it. */
			rb_set_parent_color(node, NULL, RB_BLACK);
			break;
		}
		if (rb_is_black(parent))
			break;
		gparent = rb_red_parent(parent);
		tmp = gparent->rb_right;
		if (parent != tmp) {	/* parent == gparent->rb_left */
			if (tmp && rb_is_red(tmp)) {
				/* Case 1 - node's uncle is red (colour flips). */
				rb_set_parent_color(tmp, gparent, RB_BLACK);
				rb_set_parent_color(parent, gparent, RB_BLACK);
				node = gparent;
				parent = rb_parent(node);
				rb_set_parent_color(node, parent, RB_RED);
				continue;
			}
			tmp = parent->rb_right;
			if (node == tmp) {
				/* Case 2 - uncle black, node a right child: left rotate at parent. */
				tmp = node->rb_left;
				WRITE_ONCE(parent->rb_right, tmp);
				WRITE_ONCE(node->rb_left, parent);
				if (tmp)
					rb_set_parent_color(tmp, parent, RB_BLACK);
				rb_set_parent_color(parent, node, RB_RED);
				parent = node;
				tmp = node->rb_right;
			}
			/* Case 3 - uncle black, node a left child: right rotate at gparent. */
			WRITE_ONCE(gparent->rb_left, tmp);	/* == parent->rb_right */
			WRITE_ONCE(parent->rb_right, gparent);
			if (tmp)
				rb_set_parent_color(tmp, gparent, RB_BLACK);
			__rb_rotate_set_parents(gparent, parent, root, RB_RED);
			break;
		}
		tmp = gparent->rb_left;
		if (tmp && rb_is_red(tmp)) {
			/* Case 1 - colour flips */
			rb_set_parent_color(tmp, gparent, RB_BLACK);
			rb_set_parent_color(parent, gparent, RB_BLACK);
			node = gparent;
			parent = rb_parent(node);
			rb_set_parent_color(node, parent, RB_RED);
			continue;
		}
		tmp = parent->rb_left;
		if (node == tmp) {
			/* Case 2 - right rotate at parent */
			tmp = node->rb_right;
			WRITE_ONCE(parent->rb_left, tmp);
			WRITE_ONCE(node->rb_right, parent);
			if (tmp)
				rb_set_parent_color(tmp, parent, RB_BLACK);
			rb_set_parent_color(parent, node, RB_RED);
			parent = node;
			tmp = node->rb_left;
		}
		/* Case 3 - left rotate at gparent */
		WRITE_ONCE(gparent->rb_right, tmp);	/* == parent->rb_left */
		WRITE_ONCE(parent->rb_left, gparent);
		if (tmp)
			rb_set_parent_color(tmp, gparent, RB_BLACK);
		__rb_rotate_set_parents(gparent, parent, root, RB_RED);
		break;
	}
}

/*
 * Rebalance after an erase left the paths through @parent one black node
 * short (____rb_erase_color()).
 */
static inline void ____rb_erase_color(struct rb_node *parent, struct rb_root *root)
{
	struct rb_node *node = NULL, *sibling, *tmp1, *tmp2;

	for (;;) {
		sibling = parent->rb_right;
		if (node != sibling) {	/* node == parent->rb_left */
			if (rb_is_red(sibling)) {
				/* Case 1 - left rotate at parent */
				tmp1 = sibling->rb_left;
				WRITE_ONCE(parent->rb_right, tmp1);
				WRITE_ONCE(sibling->rb_left, parent);
				rb_set_parent_color(tmp1, parent, RB_BLACK);
				__rb_rotate_set_parents(parent, sibling, root, RB_RED);
				sibling = tmp1;
			}
			tmp1 = sibling->rb_right;
			if (!tmp1 || rb_is_black(tmp1)) {
				tmp2 = sibling->rb_left;
				if (!tmp2 || rb_is_black(tmp2)) {
					/* Case 2 - sibling colour flip */
					rb_set_parent_color(sibling, parent, RB_RED);
					if (rb_is_red(parent)) {
						rb_set_black(parent);
					} else {
						node = parent;
						parent = rb_parent(node);
						if (parent)
							continue;
					}
					break;
				}
				/* Case 3 - right rotate at sibling */
				tmp1 = tmp2->rb_right;
				WRITE_ONCE(sibling->rb_left, tmp1);
				WRITE_ONCE(tmp2->rb_right, sibling);
				WRITE_ONCE(parent->rb_right, tmp2);
				if (tmp1)
					rb_set_parent_color(tmp1, sibling, RB_BLACK);
				tmp1 = sibling;
				sibling = tmp2;
			}
			/* Case 4 - left rotate at parent + colour flips */
			tmp2 = sibling->rb_left;
			WRITE_ONCE(parent->rb_right, tmp2);
			WRITE_ONCE(sibling->rb_left, parent);
			rb_set_parent_color(tmp1, sibling, RB_BLACK);
			if (tmp2)
				rb_set_parent(tmp2, parent);
			__rb_rotate_set_parents(parent, sibling, root, RB_BLACK);
			break;
		}
		sibling = parent->rb_left;
		if (rb_is_red(sibling)) {
			/* Case 1 - right rotate at parent */
			tmp1 = sibling->rb_right;
			WRITE_ONCE(parent->rb_left, tmp1);
			WRITE_ONCE(sibling->rb_right, parent);
			rb_set_parent_color(tmp1, parent, RB_BLACK);
			__rb_rotate_set_parents(parent, sibling, root, RB_RED);
			sibling = tmp1;
		}
		tmp1 = sibling->rb_left;
		if (!tmp1 || rb_is_black(tmp1)) {
			tmp2 = sibling->rb_right;
			if (!tmp2 || rb_is_black(tmp2)) {
				/* Case 2 - sibling colour flip */
				rb_set_parent_color(sibling, parent, RB_RED);
				if (rb_is_red(parent)) {
					rb_set_black(parent);
				} else {
					node = parent;
					parent = rb_parent(node);
					if (parent)
						continue;
				}
				break;
			}
			/* Case 3 - left rotate at sibling */
			tmp1 = tmp2->rb_left;
			WRITE_ONCE(sibling->rb_right, tmp1);
			WRITE_ONCE(tmp2->rb_left, sibling);
			WRITE_ONCE(parent->rb_left, tmp2);
			if (tmp1)
				rb_set_parent_color(tmp1, sibling, RB_BLACK);
			tmp1 = sibling;
			sibling = tmp2;
		}
		/* Case 4 - right rotate at parent + colour flips */
		tmp2 = sibling->rb_right;
		WRITE_ONCE(parent->rb_left, tmp2);
		WRITE_ONCE(sibling->rb_right, parent);
		rb_set_parent_color(tmp1, sibling, RB_BLACK);
		if (tmp2)
			rb_set_parent(tmp2, parent);
		__rb_rotate_set_parents(parent, sibling, root, RB_BLACK);
		break;
	}
}

/* Unlink @node; returns where the colours must be rebalanced, or NULL. */
static inline struct rb_node *__rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *child = node->rb_right;
	struct rb_node *tmp = node->rb_left;
	struct rb_node *parent, *rebalance;
	unsigned long pc;

	if (!tmp) {
		/* Case 1: at most one child, then red, and node black. */
		pc = node->__rb_parent_color;
		parent = __rb_parent(pc);
		__rb_change_child(node, child, parent, root);
		if (child) {
			child->__rb_parent_color = pc;
			rebalance = NULL;
		} else {
			rebalance = __rb_is_black(pc) ? parent : NULL;
		}
	} else if (!child) {
		/* Still case 1, but this time the child is node->rb_left */
		tmp->__rb_parent_color = pc = node->__rb_parent_color;
		parent = __rb_parent(pc);
		__rb_change_child(node, tmp, parent, root);
		rebalance = NULL;
	} else {
		struct rb_node *successor = child, *child2;

		tmp = child->rb_left;
		if (!tmp) {
			/* Case 2: node's successor is its right child. */
			parent = successor;
			child2 = successor->rb_right;
		} else {
			/* Case 3: the successor is leftmost under node's right child. */
			do {
				parent = successor;
				successor = tmp;
				tmp = tmp->rb_left;
			} while (tmp);
			child2 = successor->rb_right;
			WRITE_ONCE(parent->rb_left, child2);
			WRITE_ONCE(successor->rb_right, child);
			rb_set_parent(child, successor);
		}
		tmp = node->rb_left;
		WRITE_ONCE(successor->rb_left, tmp);
		rb_set_parent(tmp, successor);

		pc = node->__rb_parent_color;
		tmp = __rb_parent(pc);
		__rb_change_child(node, successor, tmp, root);
		if (child2) {
			successor->__rb_parent_color = pc;
			rb_set_parent_color(child2, parent, RB_BLACK);
			rebalance = NULL;
		} else {
			unsigned long pc2 = successor->__rb_parent_color;

			successor->__rb_parent_color = pc;
			rebalance = __rb_is_black(pc2) ? parent : NULL;
		}
	}
	return rebalance;
}

static inline void rb_erase(struct rb_node *node, struct rb_root *root)
{
	struct rb_node *rebalance = __rb_erase(node, root);

	if (rebalance)
		____rb_erase_color(rebalance, root);
}

/* The tree's writers' walks (in order): plain, under the tree's lock. */
static inline struct rb_node *rb_first(const struct rb_root *root)
{
	struct rb_node *n = root->rb_node;

	if (!n)
		return NULL;
	while (n->rb_left)
		n = n->rb_left;
	return n;
}

static inline struct rb_node *rb_next(const struct rb_node *node)
{
	struct rb_node *parent;

	if (RB_EMPTY_NODE(node))
		return NULL;
	if (node->rb_right) {
		node = node->rb_right;
		while (node->rb_left)
			node = node->rb_left;
		return (struct rb_node *)node;
	}
	while ((parent = rb_parent(node)) && node == parent->rb_right)
		node = parent;
	return parent;
}

#endif /* _LINUX_RBTREE_H */
