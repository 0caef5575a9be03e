"""Diagram icons: small, faithful to the quantized image, free of metadata, deterministic."""
from __future__ import annotations

import io
import struct
from pathlib import Path

import diagrams
import pytest
from PIL import Image, ImageChops

from guidebuild.diagrams.icons import ICON_COLORS, ICON_MAX_PX, IconStore, is_dark_glyph, optimize_icon

RESOURCES = Path(diagrams.__file__).resolve().parent.parent / "resources"
SAMPLES = ["aws/integration/simple-queue-service-sqs.png", "aws/compute/lambda.png",
           "aws/network/cloudfront.png", "onprem/client/client.png"]


def _chunks(data: bytes) -> list[str]:
    out, i = [], 8
    while i < len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        out.append(kind.decode())
        i += 12 + length
    return out


def _quantized(path: Path) -> Image.Image:
    with Image.open(path) as im:
        im = im.convert("RGBA")
        im.thumbnail((ICON_MAX_PX, ICON_MAX_PX), Image.Resampling.LANCZOS)
        return im.quantize(colors=ICON_COLORS, method=Image.Quantize.FASTOCTREE,
                           dither=Image.Dither.NONE).convert("RGBA")


@pytest.mark.parametrize("name", SAMPLES)
def test_icon_is_small_exact_and_bare(name):
    source = RESOURCES / name
    icon = optimize_icon(source)
    out = Image.open(io.BytesIO(icon.data))
    assert max(out.size) == ICON_MAX_PX and out.mode == "P"
    # Dropping unused palette entries changes no pixel of the quantized image.
    assert ImageChops.difference(out.convert("RGBA"), _quantized(source)).getbbox() is None
    assert len(out.getpalette()) // 3 == len(out.getcolors(256)), "only the colours in use"
    assert _chunks(icon.data) == ["IHDR", "PLTE", "tRNS", "IDAT", "IEND"], "no metadata chunks"
    assert len(icon.data) < min(source.stat().st_size, 4096)
    assert optimize_icon(source) == icon, "deterministic"
    assert icon.name.startswith(Path(name).stem.lower()) and icon.name.endswith(".png")


def test_dark_glyphs_are_found():
    dark = {name: is_dark_glyph(Image.open(RESOURCES / name).convert("RGBA")) for name in SAMPLES}
    assert dark == {name: name.startswith("onprem/client") for name in SAMPLES}
    empty = Image.new("RGBA", (8, 8), (0, 0, 0, 0))
    assert is_dark_glyph(empty) is False


def test_store_makes_each_icon_once_and_remembers_across_runs(tmp_path):
    sqs, fn = RESOURCES / SAMPLES[0], RESOURCES / SAMPLES[1]
    first = IconStore(tmp_path)
    icons = [first.get(p) for p in (sqs, fn, sqs, fn)]
    assert first.made == 2 and icons[0] == icons[2]
    assert sorted(p.name for p in tmp_path.glob("*.png")) == sorted({i.name for i in icons})

    later = IconStore(tmp_path)
    again = later.get(sqs)
    assert later.made == 0 and again.name == icons[0].name and again.dark == icons[0].dark

    (tmp_path / again.name).unlink()  # an index entry whose file is gone is not trusted
    third = IconStore(tmp_path)
    assert third.get(sqs).name == again.name and third.made == 1
    assert (tmp_path / again.name).is_file()


def test_memory_only_store_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    icon = IconStore().get(RESOURCES / SAMPLES[0])
    assert icon.data and not list(tmp_path.iterdir())
