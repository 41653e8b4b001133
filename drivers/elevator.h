/*
 * drivers/elevator.h - what the elevators (drivers/elevator.c) add to the
 * block layer's interface.  struct elevator_type, elevator_noop,
 * elevator_cscan and elevator_find() are part of the block layer's
 * contract and stay in drivers/blk.h; this header holds the tunables the
 * elevators and their unit test share.  No state, no locks.
 */
#ifndef SLUICE_DRIVERS_ELEVATOR_H
#define SLUICE_DRIVERS_ELEVATOR_H

#include "drivers/blk.h"

/*
 * cscan's starvation guard: how many dispatches may pass over the oldest
 * request of the current batch before it is dispatched next.
 */
#define ELV_CSCAN_STARVE_LIMIT 64

#endif /* SLUICE_DRIVERS_ELEVATOR_H */
