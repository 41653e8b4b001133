# tests/gdb/virtio.gdb - follow one disk completion from the device's
# interrupt to the wake-up of the task that waits for it, as README's
# "A disk interrupt, step by step" walk-through does by hand.  Run by
# tests/gdb/test_gdb_virtio.py after .gdbinit, on a kernel booted with
# sluice.selftest (whose block checks do the first disk I/O); prints STOP
# lines.
set pagination off
set confirm off
break vblk_interrupt
continue
printf "STOP top-half scause=%lx\n", $scause
bt
delete
break vblk_softirq
continue
printf "STOP bottom-half\n"
delete
break blk_complete_request
continue
printf "STOP complete status=%d sector=%lu\n", status, rq->sector
delete
break __wake_up_locked
continue
printf "STOP wake-up\n"
kill
