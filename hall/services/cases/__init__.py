"""Visits and cases (办件): intake at the window, work in the back office, hand-over at the front.

* ``numbering`` gives case numbers; ``deadlines`` counts working days; ``lifecycle`` is the state machine;
* ``intake`` (window), ``backoffice`` (department) and ``delivery`` (front) are the actions;
* ``access`` says who may see or act on a case; ``queries`` and ``progress`` are the read models;
* ``documents`` turns cases into the data the PDF builders print.
"""
