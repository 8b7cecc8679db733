"""HTTP endpoints, one module per area; `lapor_server.app.ROUTER_MODULES` lists them."""
