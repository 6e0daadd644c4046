"""What comes into a refresh: the files of the input folder, opened safely and named readably.

A folder may hold anything: symlinks to files elsewhere, named pipes (opening one for reading blocks), devices,
sockets, files the refresh may not read, names that are not valid UTF-8. Nothing of that may stop a batch or be
skipped silently: each entry is either a regular file to read or a refusal with a one-line reason."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ingest.extraction.document import ReadError

MAX_FILE_BYTES = 20 * 1024 * 1024  # a report is well under this in every format; anything larger is not one

_KINDS = {
    stat.S_IFIFO: "命名管道（FIFO）",
    stat.S_IFCHR: "字符设备",
    stat.S_IFBLK: "块设备",
    stat.S_IFSOCK: "套接字",
    stat.S_IFDIR: "文件夹",
}


class InputRefused(ReadError):
    """A file that is not read at all: the message is the one-line quarantine reason."""


@dataclass(frozen=True)
class Candidate:
    path: Path  # where to open it (symlinks inside the folder resolved)
    source_file: str  # the name as shown and stored (readable, lossless)
    source_path: str  # the full path as shown and stored
    refusal: str | None = None  # why it is quarantined without being opened


def display(text: str | os.PathLike[str]) -> str:
    """A file name or path as valid UTF-8: bytes that are not UTF-8 (kept by Python as surrogates) become
    \\xNN escapes, so the name is stored and shown without loss instead of failing to encode."""
    return os.fsencode(text).decode("utf-8", "backslashreplace")


def _kind(mode: int) -> str:
    return _KINDS.get(stat.S_IFMT(mode), "特殊文件")


def _candidate(path: Path, refusal: str | None = None) -> Candidate:
    return Candidate(path, display(path.name), display(path), refusal)


def _inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def survey(input_dir: Path) -> list[Candidate]:
    """Every entry of the folder (hidden ones aside), sorted by path: regular files to read, the rest refused.

    Symlinks are resolved: one that stays inside the folder is the file it points to (listed once), one that
    leaves it is refused, as are broken links. Symlinked folders are not followed (their files are listed
    under their real path when they are inside the folder)."""
    root = input_dir.resolve()
    found: dict[Path, Candidate] = {}
    refused: list[Candidate] = []

    def refuse(path: Path, reason: str) -> None:
        refused.append(_candidate(path, reason))

    def consider(path: Path) -> None:
        try:
            info = path.lstat()
        except OSError as exc:
            refuse(path, f"无法读取：{exc.strerror or type(exc).__name__}")
            return
        if stat.S_ISLNK(info.st_mode):
            try:
                target = path.resolve(strict=True)
                target_info = target.stat()
            except (OSError, RuntimeError):
                refuse(path, "符号链接指向的文件不存在（或链接成环），不读取")
                return
            if not _inside(target, root):
                refuse(path, "符号链接指向输入文件夹之外，不读取")
                return
            if stat.S_ISDIR(target_info.st_mode):
                return  # a link to a folder inside: its files are listed under their real path
            if not stat.S_ISREG(target_info.st_mode):
                refuse(path, f"符号链接指向{_kind(target_info.st_mode)}，不是普通文件，不读取")
                return
            found.setdefault(target, _candidate(target))
            return
        if not stat.S_ISREG(info.st_mode):
            refuse(path, f"不是普通文件（{_kind(info.st_mode)}），不读取")
            return
        found[path] = _candidate(path)

    def walk_error(exc: OSError) -> None:
        if exc.filename is not None:
            refuse(Path(exc.filename), f"无法读取文件夹：{exc.strerror or type(exc).__name__}")

    for folder, subfolders, files in os.walk(root, onerror=walk_error):
        base = Path(folder)
        subfolders.sort()
        for name in subfolders:
            if (base / name).is_symlink():
                consider(base / name)
        for name in files:
            if not name.startswith("."):
                consider(base / name)
    # a file reached both directly and through a link inside the folder is one file
    return sorted([*found.values(), *refused], key=lambda c: os.fsencode(c.path))


def read_bounded(path: Path, max_bytes: int = MAX_FILE_BYTES) -> bytes:
    """The file's bytes, read once. Never follows a symlink, never blocks on a pipe, never reads more than
    `max_bytes` (the size is checked before reading and again while reading, for a file that grows)."""
    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as exc:
        raise InputRefused(_open_failure(exc)) from exc
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise InputRefused(f"不是普通文件（{_kind(info.st_mode)}），不读取")
        if info.st_size > max_bytes:
            raise InputRefused(too_large(info.st_size, max_bytes))
        chunks, remaining = [], max_bytes + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        if remaining <= 0:
            raise InputRefused(too_large(max_bytes + 1, max_bytes))
        return b"".join(chunks)
    except OSError as exc:
        raise InputRefused(f"无法读取：{exc.strerror or type(exc).__name__}") from exc
    finally:
        os.close(descriptor)


def too_large(size: int, max_bytes: int) -> str:
    return f"文件过大（{size / 1024 / 1024:.0f} MB，超过 {max_bytes // 1024 // 1024} MB），不像一份报告"


def _open_failure(exc: OSError) -> str:
    if exc.errno == getattr(os, "ELOOP", None):
        return "文件已变成符号链接，不读取"
    if isinstance(exc, FileNotFoundError):
        return "无法读取：文件已不存在（刷新过程中被删除或改名）"
    if isinstance(exc, PermissionError):
        return "无法读取：没有读取权限"
    return f"无法读取：{exc.strerror or type(exc).__name__}"
