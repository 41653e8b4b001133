# tests/gdb/ecall.gdb - follow one read() from the shell into the kernel
# and back, as README's "Across the ecall" walk-through does by hand.
# Run by tests/gdb/test_gdb_ecall.py after .gdbinit; prints STOP lines.
set pagination off
set confirm off
sluice-user sh
# Wait until sh itself makes a read system call: from then on it is the
# only process running user code, so a breakpoint on its read() is safe.
break sys_read if ((struct hart *)$tp)->current->comm[0] == 's' && ((struct hart *)$tp)->current->comm[1] == 'h' && ((struct hart *)$tp)->current->comm[2] == 0
continue
delete
break read
continue
printf "STOP user-read pc=%lx\n", $pc
delete
# QEMU's stepi runs an ecall as one instruction, so catch the trap it
# raises: scause 8 is "environment call from U-mode".
tbreak trap_entry if $scause == 8
continue
printf "STOP trap_entry pc=%lx scause=%lx sepc=%lx\n", $pc, $scause, $sepc
info symbol $sepc
break do_syscall
continue
printf "STOP do_syscall nr=%d\n", regs->a7
# do_trap already advanced sepc past the ecall: that is where we return.
set $back = regs->sepc
delete
tbreak *$back
continue
printf "STOP user-return pc=%lx\n", $pc
info symbol $pc
kill
