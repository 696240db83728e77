"""crosscount's exceptions, one hierarchy.

    CrosscountError
    ├── InputError            an input cannot be read (the batch goes on without it)
    │   ├── MissingInput      the path does not exist
    │   ├── EmptyDocument     the file holds no text
    │   ├── BinaryDocument    the file is not text
    │   ├── EncodingError     the file is not UTF-8
    │   ├── TooLarge          the file is over the size limit
    │   ├── EncryptedDocument a PDF that needs a password
    │   ├── DamagedDocument   a PDF (or other container) that is truncated or corrupt
    │   ├── FetchError        a URL or feed that cannot be fetched (timeout, refused, too big)
    │   └── ManifestError     a manifest line is malformed or names a missing file
    ├── StoreError            the database cannot be opened or written
    │   └── SchemaError       the database was written by a newer crosscount
    ├── PackError             a domain pack is missing or malformed
    └── GoldError             an annotation file is malformed

Every message names the file (and line, where there is one) and says what to do.
"""

from __future__ import annotations


class CrosscountError(Exception):
    """Base of every error crosscount raises on purpose."""


class InputError(CrosscountError):
    """An input that cannot be read; the rest of a batch goes on."""


class MissingInput(InputError):
    pass


class EmptyDocument(InputError):
    pass


class BinaryDocument(InputError):
    pass


class EncodingError(InputError):
    pass


class TooLarge(InputError):
    pass


class EncryptedDocument(InputError):
    pass


class DamagedDocument(InputError):
    pass


class FetchError(InputError):
    pass


class ManifestError(InputError):
    pass


class StoreError(CrosscountError):
    pass


class SchemaError(StoreError):
    pass


class PackError(CrosscountError):
    pass


class GoldError(CrosscountError):
    pass
