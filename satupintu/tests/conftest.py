from satupintu.applications.tests.conftest import (  # noqa: F401 - shared fixtures
    _private_media,
    akta_service,
    complete_draft,
    draft,
    jpeg_bytes,
    pdf_bytes,
    submitted,
    upload,
)
