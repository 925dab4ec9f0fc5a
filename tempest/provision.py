#!/usr/bin/env python3
"""Prepares a private novalab for Tempest through its own APIs, the way an operator would.

usage: provision.py URL ADMIN_PASSWORD TEMPLATE WORKSPACE

Creates a second public image for image_ref_alt (a copy of the fixture guest) and writes WORKSPACE/etc/tempest.conf;
Tempest makes its own projects and users through Keystone (dynamic credentials) with the admin's.
"""
import json
import sys
import urllib.request

FIXTURE_IMAGE = "cirros-x86_64"


def call(method, url, token=None, body=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", content_type)
    if token:
        request.add_header("X-Auth-Token", token)
    with urllib.request.urlopen(request, timeout=60) as answer:
        payload = answer.read()
        return answer.headers, (json.loads(payload) if payload and answer.headers.get_content_type() ==
                                "application/json" else payload)


def login(url, user, password, project):
    headers, _ = call("POST", url + "/identity/v3/auth/tokens", body={"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": user, "domain": {"name": "Default"}, "password": password}}},
        "scope": {"project": {"name": project, "domain": {"name": "Default"}}}}})
    return headers["X-Subject-Token"]


def second_image(url, token):
    _, images = call("GET", url + "/v2/images?name=" + FIXTURE_IMAGE, token)
    fixture = images["images"][0]
    _, data = call("GET", f"{url}/v2/images/{fixture['id']}/file", token)
    _, alt = call("POST", url + "/v2/images", token, {
        "name": FIXTURE_IMAGE + "-alt", "disk_format": fixture["disk_format"],
        "container_format": fixture["container_format"], "visibility": "public"})
    call("PUT", f"{url}/v2/images/{alt['id']}/file", token, raw=data, content_type="application/octet-stream")
    return fixture["id"], alt["id"]


def max_microversion(url):
    _, versions = call("GET", url + "/")
    return next(v["version"] for v in versions["versions"] if v["id"] == "v2.1")


def main(url, admin_password, template, workspace):
    token = login(url, "admin", admin_password, "demo")
    image, image_alt = second_image(url, token)
    values = {"@URL@": url, "@WORKSPACE@": workspace, "@IMAGE@": image, "@IMAGE_ALT@": image_alt,
              "@MAX_MICROVERSION@": max_microversion(url), "@ADMIN_PASSWORD@": admin_password}
    with open(template) as source:
        conf = source.read()
    for key, value in values.items():
        conf = conf.replace(key, value)
    with open(workspace + "/etc/tempest.conf", "w") as out:
        out.write(conf)


if __name__ == "__main__":
    main(*sys.argv[1:5])
