"""The original design's backend, as its report describes it, for the benchmark only (not the
product): Flask with Flask-SQLAlchemy on PostgreSQL, prometheus_client metrics, served by
gunicorn's synchronous workers. It reads the same tables as the API (the benchmark database the
API seeded) and answers GET /api/vehicles with the same page of 50 vehicles, newest first.

    DATABASE_URL=postgresql://... gunicorn --workers 5 --bind 127.0.0.1:PORT --chdir scripts/bench/flask app:app
"""

import os
import time

from flask import Flask, Response, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest

app = Flask(__name__)
app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
db = SQLAlchemy(app)

REQUESTS = Counter("http_requests_total", "HTTP requests", ["method", "endpoint", "status"])
LATENCY = Histogram("http_request_duration_seconds", "Response latency", ["endpoint"])


class Vehicle(db.Model):
    __tablename__ = "vehicles"
    id = db.Column(db.Integer, primary_key=True)
    customer_id = db.Column(db.Integer, nullable=False)
    plate_number = db.Column(db.String(20), nullable=False)
    make = db.Column(db.String(60), nullable=False)
    model = db.Column(db.String(60), nullable=False)
    year = db.Column(db.Integer)
    color = db.Column(db.String(30))
    vin = db.Column(db.String(17))
    mileage = db.Column(db.Integer)
    created_at = db.Column(db.DateTime(timezone=True))
    updated_at = db.Column(db.DateTime(timezone=True))

    def to_dict(self):
        return {
            "id": self.id,
            "customerId": self.customer_id,
            "plateNumber": self.plate_number,
            "make": self.make,
            "model": self.model,
            "year": self.year,
            "color": self.color,
            "vin": self.vin,
            "mileage": self.mileage,
            "createdAt": self.created_at.isoformat() if self.created_at else None,
            "updatedAt": self.updated_at.isoformat() if self.updated_at else None,
        }


@app.before_request
def start_timer():
    request.started = time.perf_counter()


@app.after_request
def record(response):
    LATENCY.labels(request.path).observe(time.perf_counter() - request.started)
    REQUESTS.labels(request.method, request.path, response.status_code).inc()
    return response


@app.get("/api/vehicles")
def list_vehicles():
    limit = min(int(request.args.get("limit", 50)), 200)
    offset = int(request.args.get("offset", 0))
    query = Vehicle.query.order_by(Vehicle.created_at.desc(), Vehicle.id.desc())
    items = [v.to_dict() for v in query.limit(limit).offset(offset).all()]
    return jsonify({"items": items, "total": Vehicle.query.count(), "limit": limit, "offset": offset})


@app.get("/metrics")
def metrics():
    return Response(generate_latest(), mimetype=CONTENT_TYPE_LATEST)
