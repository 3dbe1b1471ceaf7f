import pytest

from wirewatch import Document, Pipeline, load_settings, stage
from wirewatch.errors import WirewatchError
from wirewatch.pipeline import registered_stages


@stage("test_shout", requires=["record.text"], assigns=["record.title"])
def make_shout(settings):
    """Sets the title to the first words of the text, in capitals."""
    def shout(doc):
        doc.record.title = doc.record.text[:12].upper()
        return doc
    return shout


@stage("test_explode", assigns=["nothing"])
def make_explode(settings):
    def explode(doc):
        raise RuntimeError("boom")
    return explode


def settings_with(*names):
    return load_settings(environ={}, pipeline=list(names))


def test_pipeline_runs_named_stages_in_order():
    pipeline = Pipeline(settings_with("decode", "clean", "test_shout"))
    doc = pipeline(Document(raw="Rain fell all day on the capital.", format="text", clean=False))
    assert doc.record.text == "Rain fell all day on the capital."
    assert doc.record.title == "RAIN FELL AL"


def test_pipeline_failing_stage_keeps_record_and_notes_error():
    pipeline = Pipeline(settings_with("decode", "clean", "test_explode", "test_shout"))
    doc = pipeline(Document(raw="Text survives a failing stage.", format="text", clean=False))
    assert doc.record.text == "Text survives a failing stage."
    assert doc.record.errors[0].stage == "test_explode" and "boom" in doc.record.errors[0].message
    assert doc.record.title == "TEXT SURVIVE"


def test_pipeline_unknown_stage_names_known_ones():
    with pytest.raises(WirewatchError, match="unknown pipeline stage 'nope'.*decode"):
        Pipeline(settings_with("decode", "nope"))


def test_pipeline_requirement_not_assigned_is_an_error():
    with pytest.raises(WirewatchError, match="requires 'record.text'"):
        Pipeline(settings_with("test_shout"))


def test_pipeline_registry_lists_builtin_stages_with_help():
    stages = registered_stages()
    for name in ("decode", "clean", "provenance"):
        assert stages[name].help


def test_pipeline_entry_point_stage_is_loaded(monkeypatch):
    import wirewatch.pipeline as pipeline_module

    class FakePoint:
        name = "plugin_stage"

        def load(self):
            return make_shout

    monkeypatch.setattr(pipeline_module, "_entry_points_loaded", False)
    monkeypatch.setattr(pipeline_module, "entry_points", lambda group: [FakePoint()] if group == "wirewatch.stages" else [])
    monkeypatch.delitem(pipeline_module._REGISTRY, "plugin_stage", raising=False)
    stages = pipeline_module.registered_stages()
    assert stages["plugin_stage"].factory is make_shout
    pipeline_module._REGISTRY.pop("plugin_stage", None)
