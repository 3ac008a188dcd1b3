"""trustlaw: immigration-detainer law as code.

Load a statute and decide a case::

    import trustlaw
    decision = trustlaw.load("ct/pa-13-155").decide(case)
"""
