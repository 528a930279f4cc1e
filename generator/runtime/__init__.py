"""Runtime modules copied verbatim into every generated package (real Python, linted and type-checked here).

Each module imports only the standard library, httpx and pydantic, and its siblings relatively, so it works
unchanged under any package name.
"""
