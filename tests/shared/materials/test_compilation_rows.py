"""The edits a person makes to a compilation's split preview (shared.materials.compilation_rows)."""
from shared.materials.compilation_rows import PreviewRow, apply, bad_dates, rows_from_post


def two_rows():
    return [
        PreviewRow(title="第一篇", organisation_name="xx市政协", body="第一段。\n第二篇的标题\n第二篇的正文。",
                   document_date="2022-06-15"),
        PreviewRow(title="第三篇", organisation_name="县政协", body="第三篇的正文。"),
    ]


def test_split_at_a_line_takes_the_title_from_it_and_keeps_every_line():
    rows, said = apply(two_rows(), "split-0", {"row-0-split_at": "1"})
    assert [(r.title, r.body) for r in rows] == [
        ("第一篇", "第一段。"), ("第二篇的标题", "第二篇的正文。"), ("第三篇", "第三篇的正文。"),
    ]
    assert rows[1].organisation_name == "" and rows[1].document_date == "2022-06-15"
    assert "第 2 行" in said


def test_split_needs_a_line_after_the_first():
    for post in ({}, {"row-0-split_at": "0"}, {"row-0-split_at": "9"}, {"row-0-split_at": "x"}):
        rows, said = apply(two_rows(), "split-0", post)
        assert rows == two_rows() and said


def test_add_merge_and_drop():
    rows, _ = apply(two_rows(), "add-0", {})
    assert [r.title for r in rows] == ["第一篇", "", "第三篇"]
    rows, _ = apply(two_rows(), "add-end", {})
    assert len(rows) == 3 and rows[-1].body == ""
    rows, said = apply(two_rows(), "merge-1", {})
    assert len(rows) == 1 and rows[0].body.split("\n")[-2:] == ["第三篇", "第三篇的正文。"]
    assert "并入第 1 篇" in said
    rows, said = apply(two_rows(), "merge-0", {})
    assert rows == two_rows() and "之前没有" in said
    rows, _ = apply(two_rows(), "drop-0", {})
    assert [r.title for r in rows] == ["第三篇"]
    rows, said = apply(two_rows(), "drop-7", {})
    assert rows == two_rows() and "重新拆分" in said


def test_rows_from_post_and_bad_dates():
    post = {"row_count": "2", "row-0-title": " 标题 ", "row-0-body": "一\r\n二", "row-0-include": "on",
            "row-0-document_date": "2022-13-40", "row-1-title": "另一篇", "row-1-organisation": "7"}
    rows = rows_from_post(post)
    assert [(r.title, r.body, r.include, r.organisation_id) for r in rows] == [
        ("标题", "一\n二", True, None), ("另一篇", "", False, 7),
    ]
    assert bad_dates(rows) == ["第 1 篇的日期“2022-13-40”无法识别，请按“年-月-日”填写。"]
    assert rows_from_post({"row_count": "100000"}) and len(rows_from_post({"row_count": "100000"})) == 500


def test_keep_changes_nothing():
    rows, said = apply(two_rows(), "keep", {})
    assert rows == two_rows() and "尚未保存" in said
