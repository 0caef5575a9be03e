"""Changes a PDF by appending to it (an incremental update, ISO 32000-1 §7.5.6): new and changed
objects, a cross-reference section for them and a trailer pointing back at the original one.

Why not pypdf's writer: it deep-copies every object first, and a tagged book of 40 pages has
thousands (its structure tree), which cost more than printing the book. Here the original bytes
stay untouched, pypdf only reads and serializes the few objects that change.
"""
from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import (ArrayObject, DictionaryObject, EncodedStreamObject, IndirectObject, NameObject,


                           NumberObject, PdfObject, StreamObject)

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


class UpdateError(Exception):
    pass


class Update:
    def __init__(self, data: bytes, reader: PdfReader) -> None:
        m = _STARTXREF.search(data[-1024:])
        if not m:
            raise UpdateError("no startxref at the end of the PDF")
        self.prev = int(m.group(1))
        if data[self.prev:self.prev + 4] != b"xref":
            # A cross-reference stream would need an update written as a stream too.
            raise UpdateError("the PDF uses a cross-reference stream; only classic tables are supported")
        self.data = data
        self.reader = reader
        # Chromium's trailer /Size has been seen short of its table: count from both.
        known = max((n for gen in reader.xref.values() for n in gen), default=0)
        self.next = max(int(reader.trailer.get("/Size", 0)), known + 1)
        self.objects: dict[int, bytes] = {}
        self._imported: dict[tuple[int, int], IndirectObject] = {}

    def add(self, obj: PdfObject) -> IndirectObject:
        ref = IndirectObject(self.next, 0, None)
        self.next += 1
        self.objects[ref.idnum] = _serialize(obj)
        return ref

    def reserve(self) -> IndirectObject:
        """A number for an object written later with ``put`` (for objects that point at each other)."""
        ref = IndirectObject(self.next, 0, None)
        self.next += 1
        return ref

    def put(self, ref: IndirectObject, obj: PdfObject) -> None:
        """Write (or replace: same number, generation 0) the object ``ref``."""
        if ref.generation != 0:
            raise UpdateError(f"object {ref.idnum} has generation {ref.generation}")
        self.objects[ref.idnum] = _serialize(obj)

    def import_object(self, obj: PdfObject) -> PdfObject:
        """A copy of an object of another PDF, with everything it refers to copied in too."""
        if isinstance(obj, IndirectObject):
            key = (id(obj.pdf), obj.idnum)
            if key not in self._imported:
                ref = self._imported[key] = self.reserve()
                self.put(ref, self.import_object(obj.get_object()))
            return self._imported[key]
        if isinstance(obj, StreamObject):
            copy = EncodedStreamObject()
            copy._data = obj._data  # the bytes as stored: no decoding, no re-encoding
            for k, v in obj.items():
                copy[NameObject(k)] = self.import_object(v)
            return copy
        if isinstance(obj, DictionaryObject):
            return DictionaryObject({NameObject(k): self.import_object(v) for k, v in obj.items()})
        if isinstance(obj, ArrayObject):
            return ArrayObject(self.import_object(v) for v in obj)
        return obj

    def write(self, root: IndirectObject, info: IndirectObject) -> bytes:
        out = bytearray(self.data)
        if not out.endswith(b"\n"):
            out += b"\n"
        offsets = {}
        for num in sorted(self.objects):
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + self.objects[num] + b"\nendobj\n"
        xref_at = len(out)
        # The free-list head first, as Acrobat writes updates: some readers expect a section at 0.
        out += b"xref\n0 1\n0000000000 65535 f \n"
        nums = sorted(offsets)
        start = 0
        while start < len(nums):
            end = start
            while end + 1 < len(nums) and nums[end + 1] == nums[end] + 1:
                end += 1
            out += b"%d %d\n" % (nums[start], end - start + 1)
            out += b"".join(b"%010d 00000 n \n" % offsets[n] for n in nums[start:end + 1])
            start = end + 1
        trailer = DictionaryObject({
            NameObject("/Size"): NumberObject(self.next),
            NameObject("/Root"): root,
            NameObject("/Info"): info,
            NameObject("/Prev"): NumberObject(self.prev),
        })
        if "/ID" in self.reader.trailer:
            trailer[NameObject("/ID")] = self.reader.trailer["/ID"]
        out += b"trailer\n" + _serialize(trailer) + b"\nstartxref\n%d\n%%%%EOF\n" % xref_at
        return bytes(out)


def _serialize(obj: PdfObject) -> bytes:
    buf = io.BytesIO()
    obj.write_to_stream(buf)
    return buf.getvalue()
