import pytest

from gongkai.publications.docno import DocNoError, normalize_doc_no


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("国办发〔2017〕47号", "国办发〔2017〕47号"),
        ("国办发[2017]047号", "国办发〔2017〕47号"),
        ("国办发【2017】47号", "国办发〔2017〕47号"),
        ("国办发（2017）47号", "国办发〔2017〕47号"),
        ("国办发(2017)第47号", "国办发〔2017〕47号"),
        ("国办发 ［2017］ 0047 号", "国办发〔2017〕47号"),
        ("冀政字﹝２０２４﹞３号", "冀政字〔2024〕3号"),
        ("", ""),
    ],
)
def test_normalised_to_gbt_9704(raw, expected):
    assert normalize_doc_no(raw) == expected


@pytest.mark.parametrize(
    "raw", ["国办发2017年47号", "〔2017〕47号", "国办发〔17〕47号", "国办发〔2017〕0号", "国办发〔1900〕3号"]
)
def test_invalid_forms_are_refused_in_chinese(raw):
    with pytest.raises(DocNoError, match="文号"):
        normalize_doc_no(raw)
