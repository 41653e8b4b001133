/*
 * drivers/virtio.h - the virtio-mmio transport (virtio 1.x, "modern",
 * register layout version 2) as device drivers see it.
 *
 * At boot virtio_mmio_probe() looks at every virtio-mmio slot the device
 * tree lists, resets the device, and hands each one with a known device
 * ID to its driver's probe(), which then follows the initialisation
 * sequence of the specification:
 *
 *   reset -> ACKNOWLEDGE -> DRIVER -> virtio_negotiate() (features,
 *   FEATURES_OK, read back) -> virtio_setup_vq() per queue ->
 *   virtio_driver_ok() (DRIVER_OK: the device may now use the queues)
 *
 * Any failure: virtio_fail() sets FAILED and resets, and the slot is left
 * alone.  Legacy (version 1) devices are refused with a message; QEMU
 * offers modern ones with -global virtio-mmio.force-legacy=false.
 *
 * Locks: none here; a driver serialises access to its own queues.
 */
#ifndef SLUICE_DRIVERS_VIRTIO_H
#define SLUICE_DRIVERS_VIRTIO_H

#include <stdint.h>

#include "drivers/virtqueue.h"

/* Device status bits (written to the Status register). */
#define VIRTIO_STATUS_ACKNOWLEDGE 1
#define VIRTIO_STATUS_DRIVER	  2
#define VIRTIO_STATUS_DRIVER_OK	  4
#define VIRTIO_STATUS_FEATURES_OK 8
#define VIRTIO_STATUS_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED	  128

/* Transport-level feature bits. */
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX	    29
#define VIRTIO_F_VERSION_1	    32

/* InterruptStatus bits. */
#define VIRTIO_INT_USED	    1 /* a queue has new used buffers */
#define VIRTIO_INT_CONFIG   2 /* the configuration space changed */

#define VIRTIO_ID_BLOCK	    2

#define VIRTIO_INDIRECT_MAX 128 /* descriptors per indirect table */

struct virtio_device {
	volatile void *base; /* [I] the slot's registers */
	uint64_t phys;	     /* [I] their physical address */
	int irq;	     /* [I] PLIC line */
	unsigned slot;	     /* [I] index among the virtio-mmio slots */
	uint32_t device_id;  /* [I] VIRTIO_ID_* */
	uint64_t features;   /* [I] negotiated feature bits */
	void *priv;	     /* the driver's state */
};

struct virtio_driver {
	const char *name;
	uint32_t device_id;
	int (*probe)(struct virtio_device *vdev); /* 0 or -errno */
};

/* Look at every slot and bind drivers; after request_irq() works. */
struct platform;
void virtio_mmio_probe(const struct platform *p);

static inline int
virtio_has_feature(const struct virtio_device *vdev, unsigned bit)
{
	return (vdev->features >> bit) & 1;
}

uint64_t virtio_device_features(struct virtio_device *vdev);
void virtio_add_status(struct virtio_device *vdev, uint32_t bits);
/*
 * Accept the device's features among @wanted (VERSION_1 is required and
 * always asked for), set FEATURES_OK and check the device kept it.
 * Returns 0 or -ENODEV.
 */
int virtio_negotiate(struct virtio_device *vdev, uint64_t wanted);
/*
 * Allocate and program queue @index with up to @max_num entries (the
 * device's maximum is respected), indirect tables if negotiated, and
 * @tokens space; fills @vq.  0, -ENODEV or -ENOMEM.
 */
int virtio_setup_vq(struct virtio_device *vdev, unsigned index,
		    unsigned max_num, struct virtqueue *vq);
void virtio_driver_ok(struct virtio_device *vdev);
void virtio_fail(struct virtio_device *vdev);
void virtio_notify(struct virtio_device *vdev, unsigned index);
/* Read InterruptStatus and acknowledge exactly those bits; returns them. */
uint32_t virtio_ack_interrupt(struct virtio_device *vdev);
/* Device-specific configuration, read consistently (ConfigGeneration). */
uint32_t virtio_config_read32(struct virtio_device *vdev, unsigned off);
uint64_t virtio_config_read64(struct virtio_device *vdev, unsigned off);

extern const struct virtio_driver virtio_blk_driver;

#endif /* SLUICE_DRIVERS_VIRTIO_H */
