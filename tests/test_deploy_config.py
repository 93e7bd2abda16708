"""The production layout's nginx file: nginx accepts it, and uploads are served as what they were re-encoded to."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.bench.prod_stack import NGINX, nginx_main_config, render_nginx

ROOT = Path(__file__).resolve().parents[1]


def _rendered(tmp_path) -> str:
    return render_nginx(
        listen="127.0.0.1:8799", app_ports=(8701, 8702), static_root=tmp_path / "static", media_root=tmp_path / "media"
    )


def _location(config: str, prefix: str) -> str:
    match = re.search(rf"location {re.escape(prefix)} \{{(.*?)\n    \}}", config, re.DOTALL)
    assert match, prefix
    return match.group(1)


def test_media_is_typed_by_extension_only_with_nosniff(tmp_path):
    media = _location(_rendered(tmp_path), "/media/")
    assert "add_header X-Content-Type-Options nosniff always;" in media
    assert "default_type application/octet-stream;" in media
    types = re.search(r"types \{(.*?)\}", media, re.DOTALL).group(1)
    assert sorted(re.findall(r"(image/\w+)", types)) == ["image/jpeg", "image/png", "image/webp"]
    assert "sandbox" in media


def test_static_files_are_cached_for_a_year_and_both_instances_are_upstream(tmp_path):
    config = _rendered(tmp_path)
    assert "immutable" in _location(config, "/static/")
    assert "server 127.0.0.1:8701" in config and "server 127.0.0.1:8702" in config
    # nginx never resends a POST that an instance may have started.
    directives = "\n".join(line.split("#", 1)[0] for line in config.splitlines())
    assert "non_idempotent" not in directives
    # Every placeholder replaced.
    assert not re.search(r"@[A-Z_]+@", config)


@pytest.mark.skipif(not shutil.which("nginx") and not Path(NGINX).exists(), reason="nginx is not installed")
def test_nginx_accepts_the_configuration(tmp_path):
    folder = tmp_path / "nginx"
    folder.mkdir()
    (folder / "nginx.conf").write_text(nginx_main_config(folder=folder, server=_rendered(tmp_path)))
    done = subprocess.run([NGINX, "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()


def test_an_instance_drained_is_marked_down_and_nginx_accepts_it(tmp_path):
    """A rolling restart's first step (README, "Deploy"): the instance out of the upstream, the other kept."""
    config = render_nginx(
        listen="127.0.0.1:8799",
        app_ports=(8701, 8702),
        static_root=tmp_path / "static",
        media_root=tmp_path / "media",
        down=(8701,),
    )
    servers = re.findall(r"^\s*server 127\.0\.0\.1:(\d+) (.*);", config, re.MULTILINE)
    assert [(port, "down" in options.split()) for port, options in servers] == [("8701", True), ("8702", False)]
    if shutil.which("nginx") or Path(NGINX).exists():
        folder = tmp_path / "nginx"
        folder.mkdir()
        (folder / "nginx.conf").write_text(nginx_main_config(folder=folder, server=config))
        done = subprocess.run([NGINX, "-t", "-c", str(folder / "nginx.conf"), "-p", str(folder)], capture_output=True)
        assert done.returncode == 0, done.stderr.decode()
