"""Rasa's own checks: the training data validates with no warnings, and the dialogue
policy passes the conversation tests in tests/test_stories.yml."""
import os
import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RASA = str(REPO / ".venv" / "bin" / "rasa")
MODEL = REPO / "models" / "assistant.tar.gz"
ENV = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
       "PYTHONWARNINGS": "ignore::DeprecationWarning"}


def rasa(*args, timeout=900):
    return subprocess.run([RASA, *args], cwd=REPO, env=ENV, capture_output=True, text=True,
                          timeout=timeout)


def test_data_validates_without_warnings():
    result = rasa("data", "validate", "--data", "nlu_data", "--domain", "domain.yml",
                  "--config", "config.yml", "--fail-on-warnings")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-3000:]
    problems = [line for line in output.splitlines()
                if "UserWarning" in line or re.search(r"\sWARNING\s", line)]
    assert not problems, "\n".join(problems)


def test_conversation_stories(tmp_path):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    result = rasa("test", "core", "--model", str(MODEL), "--stories", "tests/test_stories.yml",
                  "--out", str(tmp_path), "--fail-on-prediction-errors")
    failed = tmp_path / "failed_test_stories.yml"
    details = failed.read_text(encoding="utf-8") if failed.exists() else ""
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:] + "\n" + details
