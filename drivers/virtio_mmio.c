/*
 * drivers/virtio_mmio.c - the virtio-mmio transport: finds the devices,
 * walks them through the initialisation sequence, negotiates features and
 * programs their queues.  See drivers/virtio.h for the sequence.
 *
 * State: the devices[] table is written once per slot at boot, before
 * interrupts are enabled, and read-only afterwards.
 */
#include "drivers/virtio.h"

#include <uapi/errno.h>

#include "kernel/compiler.h"
#include "kernel/fdt.h"
#include "kernel/memlayout.h"
#include "kernel/mm.h"
#include "kernel/mmio.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* Register offsets, virtio 1.x section "MMIO Device Register Layout". */
enum {
	VIRTIO_MMIO_MAGIC = 0x000,
	VIRTIO_MMIO_VERSION = 0x004,
	VIRTIO_MMIO_DEVICE_ID = 0x008,
	VIRTIO_MMIO_VENDOR_ID = 0x00c,
	VIRTIO_MMIO_DEVICE_FEATURES = 0x010,
	VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
	VIRTIO_MMIO_DRIVER_FEATURES = 0x020,
	VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
	VIRTIO_MMIO_QUEUE_SEL = 0x030,
	VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
	VIRTIO_MMIO_QUEUE_NUM = 0x038,
	VIRTIO_MMIO_QUEUE_READY = 0x044,
	VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
	VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
	VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
	VIRTIO_MMIO_STATUS = 0x070,
	VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,
	VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
	VIRTIO_MMIO_QUEUE_DRIVER_LOW = 0x090,
	VIRTIO_MMIO_QUEUE_DRIVER_HIGH = 0x094,
	VIRTIO_MMIO_QUEUE_DEVICE_LOW = 0x0a0,
	VIRTIO_MMIO_QUEUE_DEVICE_HIGH = 0x0a4,
	VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,
	VIRTIO_MMIO_CONFIG = 0x100,
};

#define VIRTIO_MMIO_MAGIC_VALUE 0x74726976 /* "virt", little-endian */

static const struct virtio_driver *const drivers[] = { &virtio_blk_driver };

static struct virtio_device devices[PLAT_MAX_VIRTIO];

static uint32_t
rd(struct virtio_device *vdev, uint32_t off)
{
	return mmio_read32(vdev->base, off);
}

static void
wr(struct virtio_device *vdev, uint32_t off, uint32_t v)
{
	mmio_write32(vdev->base, off, v);
}

static void
virtio_reset(struct virtio_device *vdev)
{
	wr(vdev, VIRTIO_MMIO_STATUS, 0);
	/* Reset is complete when the device reads back 0. */
	while (rd(vdev, VIRTIO_MMIO_STATUS) != 0)
		;
}

void
virtio_add_status(struct virtio_device *vdev, uint32_t bits)
{
	wr(vdev, VIRTIO_MMIO_STATUS, rd(vdev, VIRTIO_MMIO_STATUS) | bits);
}

void
virtio_fail(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_STATUS_FAILED);
	virtio_reset(vdev);
}

uint64_t
virtio_device_features(struct virtio_device *vdev)
{
	uint64_t f;

	wr(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	f = (uint64_t)rd(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
	wr(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	return f | rd(vdev, VIRTIO_MMIO_DEVICE_FEATURES);
}

int
virtio_negotiate(struct virtio_device *vdev, uint64_t wanted)
{
	uint64_t offered = virtio_device_features(vdev);
	uint64_t take = offered & (wanted | 1ULL << VIRTIO_F_VERSION_1);

	if (!(take >> VIRTIO_F_VERSION_1 & 1)) {
		printk("virtio%u: device does not offer VIRTIO_F_VERSION_1\n",
		       vdev->slot);
		return -ENODEV;
	}
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)(take >> 32));
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	wr(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)take);
	virtio_add_status(vdev, VIRTIO_STATUS_FEATURES_OK);
	if (!(rd(vdev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		printk("virtio%u: device refused features %lx\n", vdev->slot,
		       (unsigned long)take);
		return -ENODEV;
	}
	vdev->features = take;
	return 0;
}

static void
wr_addr(struct virtio_device *vdev, uint32_t low_reg, const void *va)
{
	uint64_t pa = virt_to_phys(va);

	wr(vdev, low_reg, (uint32_t)pa);
	wr(vdev, low_reg + 4, (uint32_t)(pa >> 32));
}

static uint64_t
vq_to_dma(const void *va)
{
	return virt_to_phys(va);
}

int
virtio_setup_vq(struct virtio_device *vdev, unsigned index, unsigned max_num,
		struct virtqueue *vq)
{
	struct virtqueue_config cfg = { .to_dma = vq_to_dma };
	size_t dbytes, abytes, ubytes, ibytes = 0;
	unsigned num, devmax;
	char *rings;
	int err;

	wr(vdev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (rd(vdev, VIRTIO_MMIO_QUEUE_READY))
		return -ENODEV; /* in use: the reset did not take */
	devmax = rd(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (devmax == 0)
		return -ENODEV;
	for (num = 1; num * 2 <= max_num && num * 2 <= devmax; num *= 2)
		;
	cfg.num = num;
	cfg.event_idx = virtio_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX);
	dbytes = virtq_desc_bytes(num);
	abytes = virtq_avail_bytes(num);
	ubytes = virtq_used_bytes(num);
	if (virtio_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
		cfg.indirect_max = VIRTIO_INDIRECT_MAX;
		ibytes = (size_t)num * VIRTIO_INDIRECT_MAX *
			 sizeof(struct virtq_desc);
	}
	/*
	 * One zeroed block holds the descriptor table, the available ring
	 * (2-byte alignment) and, from the next page, the used ring (4-byte
	 * alignment; a page of its own keeps device writes off our cache
	 * lines).  Indirect tables and tokens are separate blocks.
	 */
	rings = page_alloc_zeroed(
	    page_order(ALIGN_UP(dbytes + abytes, PAGE_SIZE) + ubytes));
	cfg.tokens = kzalloc(num * sizeof(void *));
	if (ibytes)
		cfg.indirect = page_alloc_zeroed(page_order(ibytes));
	err = -ENOMEM;
	if (!rings || !cfg.tokens || (ibytes && !cfg.indirect))
		goto fail;
	cfg.desc = rings;
	cfg.avail = rings + dbytes;
	cfg.used = rings + ALIGN_UP(dbytes + abytes, PAGE_SIZE);
	err = virtqueue_init(vq, &cfg);
	if (err)
		goto fail;

	wr(vdev, VIRTIO_MMIO_QUEUE_NUM, num);
	wr_addr(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, cfg.desc);
	wr_addr(vdev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, cfg.avail);
	wr_addr(vdev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, cfg.used);
	wr(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	return 0;
fail:
	if (rings)
		page_free(
		    rings,
		    page_order(ALIGN_UP(dbytes + abytes, PAGE_SIZE) + ubytes));
	if (cfg.indirect)
		page_free(cfg.indirect, page_order(ibytes));
	kfree(cfg.tokens);
	return err;
}

void
virtio_driver_ok(struct virtio_device *vdev)
{
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER_OK);
}

void
virtio_notify(struct virtio_device *vdev, unsigned index)
{
	wr(vdev, VIRTIO_MMIO_QUEUE_NOTIFY, index);
}

uint32_t
virtio_ack_interrupt(struct virtio_device *vdev)
{
	uint32_t status = rd(vdev, VIRTIO_MMIO_INTERRUPT_STATUS);

	if (status)
		wr(vdev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	return status;
}

uint32_t
virtio_config_read32(struct virtio_device *vdev, unsigned off)
{
	uint32_t gen, v;

	do {
		gen = rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION);
		v = rd(vdev, VIRTIO_MMIO_CONFIG + off);
	} while (gen != rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return v;
}

uint64_t
virtio_config_read64(struct virtio_device *vdev, unsigned off)
{
	uint32_t gen, lo, hi;

	do {
		gen = rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION);
		lo = rd(vdev, VIRTIO_MMIO_CONFIG + off);
		hi = rd(vdev, VIRTIO_MMIO_CONFIG + off + 4);
	} while (gen != rd(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return (uint64_t)hi << 32 | lo;
}

static const struct virtio_driver *
driver_for(uint32_t device_id)
{
	for (size_t i = 0; i < ARRAY_SIZE(drivers); i++)
		if (drivers[i]->device_id == device_id)
			return drivers[i];
	return NULL;
}

static void
probe_slot(unsigned slot, const struct platform_virtio *pv)
{
	struct virtio_device *vdev = &devices[slot];
	const struct virtio_driver *drv;
	uint32_t version;
	int err;

	vdev->base = phys_to_virt(pv->base);
	vdev->phys = pv->base;
	vdev->irq = (int)pv->irq;
	vdev->slot = slot;
	if (rd(vdev, VIRTIO_MMIO_MAGIC) != VIRTIO_MMIO_MAGIC_VALUE) {
		printk("virtio%u at %lx: bad magic value, ignored\n", slot,
		       (unsigned long)pv->base);
		return;
	}
	vdev->device_id = rd(vdev, VIRTIO_MMIO_DEVICE_ID);
	if (vdev->device_id == 0)
		return; /* an empty slot */
	version = rd(vdev, VIRTIO_MMIO_VERSION);
	if (version != 2) {
		printk("virtio%u at %lx: device %u speaks the legacy "
		       "interface (version %u); Sluice drives only virtio "
		       "1.x devices (QEMU: -global "
		       "virtio-mmio.force-legacy=false)\n",
		       slot, (unsigned long)pv->base, vdev->device_id, version);
		return;
	}
	drv = driver_for(vdev->device_id);
	if (!drv) {
		printk("virtio%u at %lx: no driver for device %u\n", slot,
		       (unsigned long)pv->base, vdev->device_id);
		return;
	}
	virtio_reset(vdev);
	virtio_add_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	virtio_add_status(vdev, VIRTIO_STATUS_DRIVER);
	err = drv->probe(vdev);
	if (err) {
		printk("virtio%u: %s probe failed (%d); device reset\n", slot,
		       drv->name, err);
		virtio_fail(vdev);
	}
}

void
virtio_mmio_probe(const struct platform *p)
{
	for (int i = 0; i < p->nvirtio; i++)
		probe_slot((unsigned)i, &p->virtio[i]);
}
