"""The data folder's inter-process lock: :mod:`index.folder_lock` (Qt-free), here under
the name the application's modules import it by."""

from index.folder_lock import (
    LOCK_FILE_NAME,
    FolderBusyError,
    FolderHold,
    FolderLock,
    HolderInfo,
    hold_data_folder,
    process_alive,
    read_holder,
    this_process,
)

__all__ = [
    "LOCK_FILE_NAME",
    "FolderBusyError",
    "FolderHold",
    "FolderLock",
    "HolderInfo",
    "hold_data_folder",
    "process_alive",
    "read_holder",
    "this_process",
]
