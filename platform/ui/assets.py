"""Front-end files the pages load, taken from npm packages (package.json, package-lock.json).

Nothing is fetched from a CDN at run time and no third-party file is committed:
`manage.py vendor_assets` runs `npm ci` and copies these files into
settings.VENDOR_ASSETS_DIR, served as /static/vendor/<name>.
"""
VENDOR_FILES = {
    "htmx.min.js": "htmx.org/dist/htmx.min.js",
    "echarts.min.js": "echarts/dist/echarts.min.js",
    "pico.min.css": "@picocss/pico/css/pico.min.css",
}
