"""Operating-system walls around the SQL worker process: whatever a statement asks DuckDB to do, it cannot write.

DuckDB's own guards are not enough: a read-only connection still writes through COPY / EXPORT, and
`enable_external_access = false` still allows the database file, its `.wal` and `.tmp` paths. So the worker
process, before it imports DuckDB or starts a thread, closes every way to change a file (each layer holds on
its own; the tests check them one by one):

- Landlock (Linux ≥ 5.13): no file may be opened for writing, created, truncated, renamed or removed, and
  nothing executed — anywhere, even for root.
- seccomp (x86-64): the same system calls refused by a filter on their numbers and open flags, for kernels
  without Landlock.
- privileges: a worker started as root becomes `nobody` (root ignores file modes; `nobody` owns nothing).
- resource limits: no file may grow (RLIMIT_FSIZE), no core dump, the address space is bounded (RLIMIT_AS).

All of these apply to the calling thread and what it starts later, so `confine` runs first in the worker.
"""

from __future__ import annotations

import ctypes
import os
import platform
import pwd
import resource
import struct
from dataclasses import dataclass

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2

_SYS_LANDLOCK_CREATE_RULESET = 444  # the same number on every architecture
_SYS_LANDLOCK_RESTRICT_SELF = 446
_LANDLOCK_CREATE_RULESET_VERSION = 1

# LANDLOCK_ACCESS_FS_* by the ABI version that introduced them
_LANDLOCK_EXECUTE = 1 << 0
_LANDLOCK_WRITES_V1 = sum(1 << bit for bit in (1, 4, 5, 6, 7, 8, 9, 10, 11, 12))  # write, remove, make_*
_LANDLOCK_REFER = 1 << 13  # ABI 2: link / rename across directories
_LANDLOCK_TRUNCATE = 1 << 14  # ABI 3


@dataclass(frozen=True)
class Confinement:
    """What `confine` managed to put in place (reported back to the parent, asserted by the tests)."""

    landlock_abi: int
    seccomp: bool
    user: str
    address_space_bytes: int | None


def _libc() -> ctypes.CDLL:
    return ctypes.CDLL(None, use_errno=True)


def landlock_abi() -> int:
    """The kernel's Landlock ABI version, 0 when Landlock is missing or disabled."""
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    version = libc.syscall(
        _SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), _LANDLOCK_CREATE_RULESET_VERSION
    )
    return max(int(version), 0)


def _no_new_privileges(libc: ctypes.CDLL) -> None:
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")


def landlock_deny_writes() -> int:
    """Forbid every write-like file access and execution for this process; returns the ABI used (0: none)."""
    abi = landlock_abi()
    if abi < 1:
        return 0
    handled = _LANDLOCK_EXECUTE | _LANDLOCK_WRITES_V1
    if abi >= 2:
        handled |= _LANDLOCK_REFER
    if abi >= 3:
        handled |= _LANDLOCK_TRUNCATE
    libc = _libc()
    libc.syscall.restype = ctypes.c_long
    attr = ctypes.c_uint64(handled)  # struct landlock_ruleset_attr, first field only (ABI 1 size)
    ruleset = libc.syscall(_SYS_LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(8), 0)
    if ruleset < 0:
        raise OSError(ctypes.get_errno(), "landlock_create_ruleset")
    try:
        _no_new_privileges(libc)
        # no rule is added: the handled accesses are denied beneath every path
        if libc.syscall(_SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi


# x86-64 system calls that change the file system (or run a program, or write another process's memory);
# openat2 is refused whole because its flags sit in a struct the filter cannot read
_X86_64_DENIED = {
    "creat": 85, "truncate": 76, "ftruncate": 77, "rename": 82, "renameat": 264, "renameat2": 316,
    "mkdir": 83, "mkdirat": 258, "rmdir": 84, "link": 86, "linkat": 265, "unlink": 87, "unlinkat": 263,
    "symlink": 88, "symlinkat": 266, "chmod": 90, "fchmod": 91, "fchmodat": 268, "fchmodat2": 452,
    "chown": 92, "fchown": 93, "lchown": 94, "fchownat": 260, "mknod": 133, "mknodat": 259,
    "utime": 132, "utimes": 235, "futimesat": 261, "utimensat": 280,
    "setxattr": 188, "lsetxattr": 189, "fsetxattr": 190, "removexattr": 197, "lremovexattr": 198,
    "fremovexattr": 199, "fallocate": 285, "io_uring_setup": 425, "openat2": 437, "open_by_handle_at": 304,
    "execve": 59, "execveat": 322, "ptrace": 101, "process_vm_writev": 311,
}  # fmt: skip
_X86_64_OPEN, _X86_64_OPENAT = 2, 257
_AUDIT_ARCH_X86_64 = 0xC000003E
# O_WRONLY | O_RDWR | O_CREAT | O_TRUNC | O_APPEND | __O_TMPFILE
_OPEN_WRITE_FLAGS = 0o1 | 0o2 | 0o100 | 0o1000 | 0o2000 | 0o20000000

_BPF_LD_W_ABS, _BPF_JEQ, _BPF_JGE, _BPF_JSET, _BPF_RET = 0x20, 0x15, 0x35, 0x45, 0x06
_SECCOMP_RET_ALLOW = 0x7FFF0000
_SECCOMP_RET_ERRNO = 0x00050000


# a BPF jump: an instruction count, or the label of the instruction to jump to
_Jump = int | str
# (code, jump-if-true, jump-if-false, k), or a label (a bare string) naming the instruction after it
_Entry = tuple[int, _Jump, _Jump, int] | str


def _seccomp_program() -> list[tuple[int, int, int, int]]:
    """A classic-BPF filter: the denied calls and write-mode opens return EPERM, everything else runs.

    Instructions are (code, jump-if-true, jump-if-false, k); jumps count instructions forward, so the
    program is written with symbolic targets and resolved once its length is known."""
    program: list[_Entry] = [
        (_BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (_BPF_JEQ, 0, "deny", _AUDIT_ARCH_X86_64),
        (_BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
        (_BPF_JGE, "deny", 0, 0x40000000),  # the x32 ABI numbers the same calls differently
        *[(_BPF_JEQ, "deny", 0, number) for number in _X86_64_DENIED.values()],
        (_BPF_JEQ, "openat", 0, _X86_64_OPENAT),
        (_BPF_JEQ, "open", 0, _X86_64_OPEN),
        (_BPF_RET, 0, 0, _SECCOMP_RET_ALLOW),
        "openat",
        (_BPF_LD_W_ABS, 0, 0, 32),  # openat(dirfd, path, flags): args[2], low word
        (_BPF_JSET, "deny", 0, _OPEN_WRITE_FLAGS),
        (_BPF_RET, 0, 0, _SECCOMP_RET_ALLOW),
        "open",
        (_BPF_LD_W_ABS, 0, 0, 24),  # open(path, flags): args[1], low word
        (_BPF_JSET, "deny", 0, _OPEN_WRITE_FLAGS),
        (_BPF_RET, 0, 0, _SECCOMP_RET_ALLOW),
        "deny",
        (_BPF_RET, 0, 0, _SECCOMP_RET_ERRNO | 1),  # EPERM
    ]
    labels: dict[str, int] = {}
    instructions: list[tuple[int, _Jump, _Jump, int]] = []
    for entry in program:
        if isinstance(entry, str):
            labels[entry] = len(instructions)
        else:
            instructions.append(entry)

    def offset(target: _Jump, index: int) -> int:
        jump = labels[target] - index - 1 if isinstance(target, str) else target
        if not 0 <= jump <= 255:
            raise ValueError("seccomp filter jump out of range")
        return jump

    return [(code, offset(jt, i), offset(jf, i), k) for i, (code, jt, jf, k) in enumerate(instructions)]


def seccomp_deny_writes() -> bool:
    """Install the filter on x86-64 Linux; False (nothing installed) elsewhere."""
    if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
        return False
    program = _seccomp_program()
    filters = b"".join(struct.pack("=HBBI", code, jt, jf, k) for code, jt, jf, k in program)
    buffer = ctypes.create_string_buffer(filters, len(filters))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.addressof(buffer))
    libc = _libc()
    _no_new_privileges(libc)
    if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")
    return True


def drop_root() -> str:
    """Become `nobody` when running as root (root ignores file modes); returns the user the process runs as."""
    if os.geteuid() != 0:
        return pwd.getpwuid(os.geteuid()).pw_name
    nobody = pwd.getpwnam("nobody")
    os.setgroups([])
    os.setresgid(nobody.pw_gid, nobody.pw_gid, nobody.pw_gid)
    os.setresuid(nobody.pw_uid, nobody.pw_uid, nobody.pw_uid)
    return "nobody"


def limit_resources(address_space_bytes: int | None) -> None:
    """No file may grow, no core file is written; the address space is capped when a size is given."""
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if address_space_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (address_space_bytes, address_space_bytes))


def confine(
    *,
    use_landlock: bool = True,
    use_seccomp: bool = True,
    drop_privileges: bool = True,
    address_space_bytes: int | None = None,
) -> Confinement:
    """Put every available wall in place, in an order that still lets each step run."""
    running = len(os.listdir("/proc/self/task"))
    if running != 1:  # Landlock and seccomp bind this thread and later ones only
        raise RuntimeError(f"confine() must run before any other thread starts ({running} running)")
    limit_resources(address_space_bytes)
    user = drop_root() if drop_privileges else pwd.getpwuid(os.geteuid()).pw_name
    abi = landlock_deny_writes() if use_landlock else 0
    seccomp = seccomp_deny_writes() if use_seccomp else False
    return Confinement(landlock_abi=abi, seccomp=seccomp, user=user, address_space_bytes=address_space_bytes)
