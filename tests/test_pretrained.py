import pytest

from textgen_utils import load_pretrained


def test_missing_pretrained_file_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="No pretrained model"):
        load_pretrained(tmp_path / "none.keras")
