import pytest

from wirewatch.errors import WirewatchError
from wirewatch.settings import SETTINGS, load_settings


def test_settings_defaults_without_file_or_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={})
    for setting in SETTINGS:
        assert settings.values[setting.name] == setting.default
        assert settings.origin[setting.name] == "default"


def test_settings_toml_then_environment_then_argument(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    config = tmp_path / "custom.toml"
    config.write_text('batch_size = 7\nlanguage = "de"\npipeline = ["decode", "clean"]\n')
    settings = load_settings(config, environ={"WIREWATCH_LANGUAGE": "fr"}, batch_size=9)
    assert settings.language == "fr" and settings.origin["language"] == "environment WIREWATCH_LANGUAGE"
    assert settings.batch_size == 9 and settings.origin["batch_size"] == "argument"
    assert settings.pipeline == ["decode", "clean"]


def test_settings_wirewatch_toml_in_working_directory_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "wirewatch.toml").write_text("[wirewatch]\nbatch_size = 3\n")
    assert load_settings(environ={}).batch_size == 3


@pytest.mark.parametrize("overrides", [{"batch_size": "many"}, {"no_such_setting": 1}])
def test_settings_bad_values_are_clear_errors(overrides, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WirewatchError) as info:
        load_settings(environ={}, **overrides)
    assert list(overrides)[0] in str(info.value)


def test_settings_environment_list_is_comma_separated(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = load_settings(environ={"WIREWATCH_PIPELINE": "decode, clean"})
    assert settings.pipeline == ["decode", "clean"]
