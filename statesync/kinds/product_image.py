"""Product image: one PNG or JPEG per sku, uploaded base64 with ``PUT /product_images``.

Written in manifests as a product's ``image: path`` (relative to the manifest file). The file
is checked when the manifest loads (exists, PNG/JPEG magic bytes, at most 10 MB); the spec
keeps its path and SHA-256, and the bytes are read again only to build the upload, which
fails if the file changed since it was checked.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Final

from pydantic import PlainSerializer, ValidationInfo, WrapValidator, computed_field

from statesync.kinds.base import Api, Kind, Reference, Spec
from statesync.kinds.fields import describe, fail

MAX_IMAGE_BYTES: Final = 10 * 1024 * 1024
_MAGIC: Final = ((b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"))


@dataclass(frozen=True)
class ImageFile:
    """A checked image file: where it is, what it holds, and its digest."""

    path: Path
    media_type: str
    size: int
    sha256: str

    def read(self) -> bytes:
        data = self.path.read_bytes()
        if hashlib.sha256(data).hexdigest() != self.sha256:
            raise ValueError(f"{self.path} changed after it was checked; plan again")
        return data


def image_type(head: bytes) -> str | None:
    """``"png"`` or ``"jpeg"`` from a file's first bytes, else None."""
    return next((name for magic, name in _MAGIC if head.startswith(magic)), None)


def check_image(path: Path) -> ImageFile:
    """Read and check one image file; raises a located-message error on any problem."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise fail("image", f"image file not found: {path}") from None
    except OSError as exc:
        raise fail("image", f"cannot read image file {path}: {exc.strerror}") from None
    kind = image_type(data[:8])
    if kind is None:
        raise fail("image", f"{path} is not a PNG or JPEG image")
    if len(data) > MAX_IMAGE_BYTES:
        raise fail("image", f"{path} is {len(data):,} bytes; the limit is {MAX_IMAGE_BYTES:,}")
    return ImageFile(path, f"image/{kind}", len(data), hashlib.sha256(data).hexdigest())


def _image(value: Any, handler: Any, info: ValidationInfo) -> ImageFile:
    if isinstance(value, ImageFile):
        return value
    if not isinstance(value, str):
        raise fail("image", f"expected a path to a PNG or JPEG file, got {describe(value)}")
    if not value.strip():
        raise fail("image", "must not be empty")
    context = info.context or {}
    base = Path(context.get("base_dir", "."))
    cache: dict[tuple[str, str], ImageFile] | None = context.get("image_cache")
    if cache is None:
        return check_image(base / value)
    slot = (str(base), value)
    if slot not in cache:
        cache[slot] = check_image(base / value)
    return cache[slot]


Image = Annotated[
    ImageFile,
    WrapValidator(_image),
    PlainSerializer(lambda image: f"sha256:{image.sha256}", return_type=str),
]


class ProductImageSpec(Spec):
    """In state and plans the image is ``sha256:<hex>``; the bytes only go into the upload."""

    sku: str
    image: Image

    @computed_field  # type: ignore[prop-decorator]
    @property
    def filename(self) -> str:
        return self.image.path.name


def _payload(spec: Spec, body: dict[str, Any]) -> dict[str, Any]:
    assert isinstance(spec, ProductImageSpec)
    attachment = base64.b64encode(spec.image.read()).decode("ascii")
    return {"sku": spec.sku, "attachment": attachment, "filename": spec.filename}


KIND = Kind(
    name="product_image",
    spec=ProductImageSpec,
    key_fields=("sku",),
    namespaced=frozenset({"sku"}),
    references=(Reference("sku", "product", must_resolve=False),),
    sensitive=frozenset({"image"}),
    api=Api(
        collection="/product_images",
        resource_name="ProductImage",
        create_method="PUT",
        update="/product_images",
        read="/products/{key}",
    ),
    finish_payload=_payload,
)
