"""Use-cases the views and the headless commands call: each write applies its local effect and
queues an outbox row in one transaction (`actions`); expected failures are typed (`errors`)."""
