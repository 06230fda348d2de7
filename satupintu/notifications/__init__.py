"""Notifications: a transactional outbox delivered by e-mail, SMS, WhatsApp or in the app.

How it works
------------
``services.notify(...)`` writes a ``Message`` row in the caller's transaction and, on commit,
enqueues ``tasks.deliver_pending`` (unless ``NOTIFICATIONS_TASK_DELIVERY`` is off, as in
``make run``, where the courier is the one deliverer). A rolled-back change therefore never notifies anyone, and a
committed one always has its row. ``delivery.deliver_pending`` claims due rows under a lease,
sends each, and records the outcome (see ``delivery`` for the three steps). Retries back off
exponentially (30 s·2^(n-1) with ±20 % jitter, at most 1 h) up to ``NOTIFICATIONS_MAX_ATTEMPTS``
(8); permanent errors (a 4xx from the gateway, an SMTP 5xx or refused recipient, a broken
template) go ``dead`` at once. Statuses: pending → sending → sent, or → failed (retry later) →
sending → ..., or → dead. Runners: the task (low latency) and ``manage.py deliver_notifications
--loop`` (the sweeper that also re-delivers rows whose worker died).

What "delivered once" means
---------------------------
No message is lost: a row is only ever left ``sending`` by a worker that died (or that was too
slow to reach it before its lease ran out), and its lease (``NOTIFICATIONS_LEASE_SECONDS``, 300)
expires and lets another worker take it again. No message is sent twice by two workers: the
lease of each message is renewed by compare-and-set just before its own send, and a worker whose
row was taken over skips it (``delivery.renew_lease``). The only
window for a duplicate is between the provider accepting a message and our commit of ``sent``;
every retry therefore carries the same idempotency key, the row's ``uuid``:

* SMS/WhatsApp over ``HttpGateway``: header ``Idempotency-Key: <uuid>``. With a gateway that
  honours it (the contract we require of providers) delivery is **exactly once**.
* ``FileGateway`` (the development default): it searches its file for the key under a lock
  before appending, so it is **exactly once**.
* ``ConsoleGateway``: **at least once** (a log line may repeat after a crash).
* E-mail: SMTP has no idempotency, so it is **at least once** with a fixed
  ``Message-ID: <uuid@domain>``; a repeat is the same message to the receiving system and mail
  clients collapse it. The duplicate window is the moment between the server's final 250 and
  our commit.
* In-app: the row is the delivery; it is stored as ``sent``. **Exactly once.**

Every hand-over is written down first as an ``Attempt`` row; one that a dead worker never
finished is closed as ``lease_expired`` when the row is reclaimed, so the trail shows each
time a message may have reached the provider.

Personal data
-------------
The address is an ``EncryptedCharField``; the context holds ids and non-personal values only and
the text is rendered at send time (only its SHA-256 is kept); ``last_error`` is a short code,
never a provider's message; gateways log and file numbers masked.

Templates
---------
``templates/notifications/<key>/<id|en>.txt``: first line subject, rest body, plain text. Keys:
``contact_code`` (code), ``application_received`` (reference, service, deadline, url),
``application_status`` (reference, status — a label already in the message language —, note,
url, correction: the note says what to fix and url leads to the applicant's page),
``application_resubmitted`` (reference; to the officers who asked for a correction),
``message_new`` (reference, url),
``application_output`` (reference, number, rejection, url: the signed output is ready),
``application_answers_corrected`` (reference, fields — question labels, never values —, url),
``privacy_restriction_lifted`` (note: the DPO's reason, objection, url). Add a channel: see ``channels``.
"""
