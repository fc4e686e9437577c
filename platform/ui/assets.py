"""Front-end files the pages load, taken from npm packages (package.json, package-lock.json).

Nothing is fetched from a CDN at run time and no third-party file is committed:
`manage.py vendor_assets` runs `npm ci`, copies VENDOR_FILES and bundles BUILT_FILES
(with esbuild, from the npm registry too) into settings.VENDOR_ASSETS_DIR, served as
/static/vendor/<name>.
"""
# served file -> file in node_modules
VENDOR_FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}

# For the browser tests only (tests/browser/test_accessibility.py), copied next to the
# served files but not among them (TEST_ASSETS_DIR is no static folder): no image ships them.
TEST_FILES = {
    "axe.min.js": "axe-core/axe.min.js",
}
TEST_ASSETS_DIRNAME = "vendor-test"  # beside settings.VENDOR_ASSETS_DIR

# served file -> entry point in the repository, bundled and minified by esbuild:
# ECharts with only the chart types and components the pages draw (ui/frontend/echarts.js),
# 535 KB (182 KB gzipped) instead of dist/echarts.min.js's 1.1 MB (368 KB).
BUILT_FILES = {
    "echarts.custom.min.js": "platform/ui/frontend/echarts.js",
}

# What `npm ci` must have installed for both steps.
NODE_MODULES_NEEDED = [*VENDOR_FILES.values(), *TEST_FILES.values(), "esbuild/bin/esbuild", "echarts/core.js"]
# A page that draws charts loads them with {% include "ui/partials/chart_scripts.html" %}
# in its head block; no other page loads ECharts.
