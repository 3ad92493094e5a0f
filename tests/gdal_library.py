"""``ogr2ogr`` of the GDAL that pyogrio ships (3.12), called through its C API
(``GDALVectorTranslate`` is what the ``ogr2ogr`` program runs). Debian's ``ogr2ogr`` is
GDAL 3.6, whose OGC API driver asks for pages of 10 whatever the server offers; since
GDAL 3.8 the driver takes its page size from the ``limit`` maximum of the OpenAPI
document, which is what a QGIS or GDAL user has today."""

import ctypes
import glob
import os
from functools import cache

import pyogrio

__all__ = ["gdal_version", "ogr2ogr"]

GDAL_OF_VECTOR = 0x04


@cache
def _lib() -> ctypes.CDLL:
    folder = os.path.join(os.path.dirname(pyogrio.__file__), os.pardir, "pyogrio.libs")
    lib = ctypes.CDLL(glob.glob(os.path.join(folder, "libgdal-*"))[0])
    lib.GDALOpenEx.restype = ctypes.c_void_p
    lib.GDALOpenEx.argtypes = [
        ctypes.c_char_p,
        ctypes.c_uint,
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    lib.GDALVectorTranslateOptionsNew.restype = ctypes.c_void_p
    lib.GDALVectorTranslateOptionsNew.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
    lib.GDALVectorTranslateOptionsFree.argtypes = [ctypes.c_void_p]
    lib.GDALVectorTranslate.restype = ctypes.c_void_p
    lib.GDALVectorTranslate.argtypes = [
        ctypes.c_char_p,
        ctypes.c_void_p,
        ctypes.c_int,
        ctypes.c_void_p,
        ctypes.c_void_p,
        ctypes.c_void_p,
    ]
    lib.GDALClose.argtypes = [ctypes.c_void_p]
    lib.CPLGetLastErrorMsg.restype = ctypes.c_char_p
    lib.GDALVersionInfo.restype = ctypes.c_char_p
    lib.GDALAllRegister()
    return lib


def gdal_version() -> str:
    return _lib().GDALVersionInfo(b"RELEASE_NAME").decode()


def ogr2ogr(destination: str, source: str, *args: str) -> None:
    """``ogr2ogr [args] destination source``; HTTP settings come from the environment
    (``GDAL_HTTP_AUTH``, ``GDAL_HTTP_USERPWD``), read by GDAL at each request."""
    lib = _lib()
    src = lib.GDALOpenEx(source.encode(), GDAL_OF_VECTOR, None, None, None)
    if not src:
        raise RuntimeError(f"GDAL cannot open {source}: {lib.CPLGetLastErrorMsg().decode()}")
    argv = (ctypes.c_char_p * (len(args) + 1))(*(a.encode() for a in args), None)
    options = lib.GDALVectorTranslateOptionsNew(argv, None)
    error = ctypes.c_int(0)
    try:
        out = lib.GDALVectorTranslate(
            destination.encode(), None, 1, (ctypes.c_void_p * 1)(src), options, ctypes.byref(error)
        )
        if not out or error.value:
            raise RuntimeError(f"ogr2ogr failed: {lib.CPLGetLastErrorMsg().decode()}")
        lib.GDALClose(out)
    finally:
        lib.GDALVectorTranslateOptionsFree(options)
        lib.GDALClose(src)
