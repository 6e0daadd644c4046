"""Messages between the sandbox and its SQL worker: length-prefixed pickles over a Unix socket, and the
warehouse's open file descriptor passed along with each request.

The parent unpickles what a worker running analysts' SQL sends back, so only the classes of these messages
and of DuckDB's Python values may be rebuilt: a worker subverted through some DuckDB bug still cannot make
the parent run code.
"""

from __future__ import annotations

import io
import pickle
import socket
import struct
from dataclasses import dataclass, field

_HEADER = struct.Struct("!Q")
MAX_MESSAGE_BYTES = 1 << 30


@dataclass(frozen=True)
class WorkerConfig:
    """How a worker confines itself and bounds its DuckDB connections (fixed for the worker's life)."""

    memory_bytes: int
    threads: int
    address_space_bytes: int | None
    drop_privileges: bool
    use_landlock: bool = True
    use_seccomp: bool = True


@dataclass
class Request:
    sql: str
    row_limit: int
    byte_limit: int
    timeout_seconds: float
    grace_seconds: float
    checked: bool = True  # False only in tests that probe the operating-system walls on their own


@dataclass
class Reply:
    kind: str  # ok | refused | error | timeout | memory
    message: str = ""
    columns: list[str] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    rows: list[tuple] = field(default_factory=list)
    truncated: str = ""  # "" | rows | bytes
    seconds: float = 0.0
    peak_rss_bytes: int = 0


_ALLOWED_CLASSES = {
    ("dashboards.sandbox.protocol", "Reply"),
    ("dashboards.sandbox.protocol", "Request"),
    ("dashboards.sandbox.protocol", "WorkerConfig"),
    ("dashboards.sandbox.confine", "Confinement"),
    ("decimal", "Decimal"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("datetime", "time"),
}


class _RestrictedUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> object:
        if (module, name) not in _ALLOWED_CLASSES:
            raise pickle.UnpicklingError(f"unexpected class in a worker message: {module}.{name}")
        return super().find_class(module, name)


def send(channel: socket.socket, message: object) -> None:
    payload = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    channel.sendall(_HEADER.pack(len(payload)) + payload)


def _receive_exactly(channel: socket.socket, size: int) -> bytes:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = channel.recv(min(size - len(buffer), 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the channel")
        buffer.extend(chunk)
    return bytes(buffer)


def receive(channel: socket.socket, max_bytes: int = MAX_MESSAGE_BYTES) -> object:
    (size,) = _HEADER.unpack(_receive_exactly(channel, _HEADER.size))
    if size > max_bytes:
        raise EOFError(f"message of {size} bytes over the {max_bytes} byte limit")
    return _RestrictedUnpickler(io.BytesIO(_receive_exactly(channel, size))).load()


def send_request(channel: socket.socket, request: Request, fd: int) -> None:
    payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
    socket.send_fds(channel, [_HEADER.pack(len(payload))], [fd])
    channel.sendall(payload)


def receive_request(channel: socket.socket) -> tuple[Request, int]:
    header, fds, _flags, _address = socket.recv_fds(channel, _HEADER.size, 1)
    if not header:
        raise EOFError("the parent closed the channel")
    if len(fds) != 1:
        raise EOFError("a request came without the warehouse file")
    header += _receive_exactly(channel, _HEADER.size - len(header))
    (size,) = _HEADER.unpack(header)
    request = _RestrictedUnpickler(io.BytesIO(_receive_exactly(channel, size))).load()
    return request, fds[0]
