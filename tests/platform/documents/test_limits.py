"""Extraction is bounded by what comes out: uncompressed size, characters, pages, time and memory.

The bombs are built here (tests/platform/documents/bombs.py); each limit's error
code must come back quickly, and the test process itself must not grow, since
the reading happens in a child process with resource limits.
"""
from __future__ import annotations

import resource
import time

import pytest

from documents.extraction import DocumentError, extract_document
from documents.limits import ExtractionLimits, limits_current
from documents.sandbox import run_bounded
from tests.platform.documents import bombs

MB = 1024 * 1024


def error_of(filename: str, data: bytes) -> DocumentError:
    with pytest.raises(DocumentError) as caught:
        extract_document(filename, data)
    return caught.value


def test_a_docx_with_190_mb_of_xml_is_refused_at_once(xml_bomb):
    assert len(xml_bomb) < 20 * MB and bombs.uncompressed_size(xml_bomb) > 190 * MB
    assert bombs.uncompressed_size(xml_bomb) < 100 * len(xml_bomb)  # a moderate ratio, not zeros
    before = bombs.peak_rss_mb()
    started = time.monotonic()
    error = error_of("工作报告.docx", xml_bomb)
    assert error.code == "too_large"
    assert "解压后" in error.message and "上限 100 MB" in error.message
    assert time.monotonic() - started < 3
    assert bombs.peak_rss_mb() - before < 50


def test_text_over_the_character_limit_is_refused(settings):
    settings.CPPCC_EXTRACT_MAX_CHARS = 100_000
    data = bombs.docx_with_document_xml(bombs.paragraphs_xml(2 * MB))
    error = error_of("很长.docx", data)
    assert error.code == "too_long"
    assert "10 万字" in error.message


def test_text_file_over_the_character_limit_is_refused(settings):
    settings.CPPCC_EXTRACT_MAX_CHARS = 1000
    error = error_of("很长.txt", ("委员履职。\n" * 400).encode())
    assert error.code == "too_long"


def test_a_docx_that_needs_too_much_memory_is_stopped_and_the_web_process_does_not_grow(settings):
    settings.CPPCC_EXTRACT_MAX_MEMORY_MB = 150
    data = bombs.docx_with_document_xml(bombs.tiny_runs_xml(40 * MB))
    assert len(data) < 2 * MB
    before = bombs.peak_rss_mb()
    started = time.monotonic()
    error = error_of("很多小块.docx", data)
    assert error.code == "too_much_memory"
    assert "内存" in error.message
    assert time.monotonic() - started < 10
    assert bombs.peak_rss_mb() - before < 50


def test_a_pdf_that_costs_minutes_of_cpu_is_stopped_at_the_time_limit(settings):
    settings.CPPCC_EXTRACT_MAX_SECONDS = 2
    data = bombs.cpu_bomb_pdf()
    assert len(data) < 100 * 1024  # about 100 s of CPU a page, 200 pages
    before = bombs.peak_rss_mb()
    started = time.monotonic()
    error = error_of("汇编.pdf", data)
    elapsed = time.monotonic() - started
    assert error.code == "timeout"
    assert "2 秒" in error.message
    assert 1.5 < elapsed < 5
    assert bombs.peak_rss_mb() - before < 50
    assert bombs.child_pids() == []  # the child was killed and reaped


def test_a_pdf_over_the_page_limit_is_refused_before_reading_pages():
    assert limits_current().max_pages == 1000
    started = time.monotonic()
    error = error_of("厚厚一本.pdf", bombs.many_pages_pdf(1001))
    assert error.code == "too_many_pages"
    assert "1001 页" in error.message and "1000 页" in error.message
    assert time.monotonic() - started < 5


def test_a_pdf_at_the_page_limit_is_read(settings):
    settings.CPPCC_EXTRACT_MAX_PAGES = 30
    document = extract_document("刚好.pdf", bombs.many_pages_pdf(30))
    assert document.paragraphs == ["page"] * 30


def test_a_long_normal_docx_passes_the_default_limits():
    data = bombs.docx_with_document_xml(bombs.paragraphs_xml(8 * MB, distinct=5000))
    document = extract_document("年度汇编.docx", data)
    assert document.format == "docx"
    assert len(document.text) > 2_000_000


def test_the_settings_default_to_the_documented_figures():
    assert limits_current() == ExtractionLimits() == ExtractionLimits(
        max_seconds=40, max_memory_mb=1024, max_chars=20_000_000, max_pages=1000, max_uncompressed_mb=100,
    )


def test_the_child_runs_under_address_space_and_cpu_limits(settings):
    settings.CPPCC_EXTRACT_MAX_SECONDS = 7
    settings.CPPCC_EXTRACT_MAX_MEMORY_MB = 300

    def limits_seen():
        return resource.getrlimit(resource.RLIMIT_AS), resource.getrlimit(resource.RLIMIT_CPU)

    (address_soft, _), (cpu_soft, _) = run_bounded(limits_seen, limits=limits_current())
    with open("/proc/self/statm") as statm:
        parent_address_space = int(statm.read().split()[0]) * resource.getpagesize()
    assert cpu_soft == 7
    assert 0 < address_soft - parent_address_space < 400 * MB
    assert resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY  # the parent is untouched
