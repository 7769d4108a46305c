"""The documents as PDF (DOMAIN §7 v2): WeasyPrint turns the same HTML and print CSS into an
archival PDF/A-2b, tagged, with the title and language of the HTML and every font embedded (a
subset). WeasyPrint needs nothing beyond pip and the Pango library of the machine image, and it
implements the CSS paged media of the print layout (running header, page numbers in the page
margins), so there is one layout for screen, print and archive.

Nothing is fetched: the HTML is self-contained (charts inline), and any URL is refused.
"""

from __future__ import annotations

PDF_VARIANT = "pdf/a-2b"


def _no_fetching(url: str, *args, **kwargs):
    raise ValueError(f"nazorg haalt niets van buiten: {url[:40]}")


def pdf_bytes(html: str) -> bytes:
    from nazorg_cli.codes import refusal

    try:
        from weasyprint import HTML
    except OSError as exc:  # WeasyPrint loads Pango when it is imported
        raise refusal("pdf-niet-mogelijk", reden=str(exc).split(":")[0][:80]) from None

    import logging

    # WeasyPrint reports every SVG presentation style it reads through its CSS parser (fill,
    # stroke-dasharray) as "unknown property", though it draws them; only errors are news.
    logger = logging.getLogger("weasyprint")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return HTML(string=html, url_fetcher=_no_fetching).write_pdf(pdf_variant=PDF_VARIANT, pdf_tags=True)
    finally:
        logger.setLevel(level)
