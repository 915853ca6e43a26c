# Read by the flask command in a checkout (python-dotenv): a checkout is a development setup.
# Deployments set PORSCHE_WEB_ENVIRONMENT=production (the default without this file).
PORSCHE_WEB_ENVIRONMENT=development
