from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'report.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    l_0_csp = resolve('csp')
    l_0_title = resolve('title')
    l_0_css = resolve('css')
    l_0_c = resolve('c')
    l_0_agencies = resolve('agencies')
    l_0_headline = resolve('headline')
    l_0_n_approximate = resolve('n_approximate')
    l_0_n_substantive = resolve('n_substantive')
    l_0_kinds = resolve('kinds')
    l_0_watched = resolve('watched')
    l_0_stale_views = resolve('stale_views')
    l_0_watch_topics = resolve('watch_topics')
    l_0_has_low_confidence = resolve('has_low_confidence')
    l_0_summary = resolve('summary')
    l_0_glossary = resolve('glossary')
    l_0_views = resolve('views')
    l_0_provenance = resolve('provenance')
    l_0_options_line = resolve('options_line')
    l_0_data = resolve('data')
    l_0_js = resolve('js')
    l_0_t = l_0_ids = missing
    try:
        t_1 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['notice_pages']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'notice_pages' found.")
    try:
        t_4 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    try:
        t_5 = environment.filters['segments']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'segments' found.")
    try:
        t_6 = environment.filters['tojson']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'tojson' found.")
    try:
        t_7 = environment.filters['upper']
    except KeyError:
        @internalcode
        def t_7(*unused):
            raise TemplateRuntimeError("No filter named 'upper' found.")
    pass
    def macro(l_1_s):
        t_8 = []
        if l_1_s is missing:
            l_1_s = undefined("parameter 's' was not provided", name='s')
        pass
        for (l_2_kind, l_2_value) in t_5(l_1_s):
            _loop_vars = {}
            pass
            if (l_2_kind == 'ctl'):
                pass
                t_8.extend((
                    '<span class="ctl" title="invisible or control character ',
                    escape(l_2_value),
                    '">&#x27E8;',
                    escape(l_2_value),
                    '&#x27E9;</span>',
                ))
            else:
                pass
                t_8.append(
                    escape(l_2_value),
                )
        l_2_kind = l_2_value = missing
        return concat(t_8)
    context.exported_vars.add('t')
    context.vars['t'] = l_0_t = Macro(environment, macro, 't', ('s',), False, False, False, context.eval_ctx.autoescape)
    def macro(l_1_v):
        t_9 = []
        if l_1_v is missing:
            l_1_v = undefined("parameter 'v' was not provided", name='v')
        pass
        if ((environment.getattr(l_1_v, 'old_id') and environment.getattr(l_1_v, 'new_id')) and (environment.getattr(l_1_v, 'old_id') == environment.getattr(l_1_v, 'new_id'))):
            pass
            t_9.extend((
                '<bdi>',
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'new_id'))),
                '</bdi>',
            ))
        elif ((not environment.getattr(l_1_v, 'old_id')) or (not environment.getattr(l_1_v, 'new_id'))):
            pass
            t_9.extend((
                '<bdi>',
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), (environment.getattr(l_1_v, 'old_id') or environment.getattr(l_1_v, 'new_id')))),
                '</bdi>',
            ))
        else:
            pass
            t_9.extend((
                '<bdi>',
                escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'old_id')) if environment.getattr(l_1_v, 'old_id') else '—')),
                '</bdi> <span aria-label="becomes">&rarr;</span> <bdi>',
                escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'new_id')) if environment.getattr(l_1_v, 'new_id') else '—')),
                '</bdi>',
            ))
        return concat(t_9)
    context.exported_vars.add('ids')
    context.vars['ids'] = l_0_ids = Macro(environment, macro, 'ids', ('v',), False, False, False, context.eval_ctx.autoescape)
    yield '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta http-equiv="Content-Security-Policy" content="'
    yield escape((undefined(name='csp') if l_0_csp is missing else l_0_csp))
    yield '">\n<meta name="referrer" content="no-referrer">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n<meta name="generator" content="moadiff">\n<title>'
    yield escape(t_4((undefined(name='title') if l_0_title is missing else l_0_title)))
    yield ' · moadiff comparison</title>\n<link rel="icon" href="data:,">\n<style>'
    yield escape((undefined(name='css') if l_0_css is missing else l_0_css))
    yield '</style>\n</head>\n<body>\n<a class="skip" href="#changes">Skip to the clauses</a>\n<header id="top" class="masthead">\n  <p class="kicker">moadiff · comparison report</p>\n  <h1>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='title') if l_0_title is missing else l_0_title)))
    yield '</h1>\n  <p class="files"><bdi>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), 'name')))
    yield '</bdi> <span class="arrow" aria-label="compared with">&rarr;</span> <bdi>'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new'), 'name')))
    yield '</bdi></p>\n  <section id="documents" aria-labelledby="documents-h">\n    <h2 id="documents-h" class="sr">Documents</h2>\n    <table class="docs">\n      <thead><tr><td></td><th scope="col" class="old">Old version</th><th scope="col" class="new">New version</th></tr></thead>\n      <tbody>\n        <tr><th scope="row">File</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td class="fname"><bdi>'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_d, 'name'), _loop_vars=_loop_vars))
        yield '</bdi></td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Agency</th>'
    for l_1_a in (undefined(name='agencies') if l_0_agencies is missing else l_0_agencies):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_1_a, _loop_vars=_loop_vars) if l_1_a else 'not found'))
        yield '</td>'
    l_1_a = missing
    yield '</tr>\n        <tr><th scope="row">Model</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr(l_1_d, 'profile'), 'model_name'), _loop_vars=_loop_vars) if environment.getattr(environment.getattr(l_1_d, 'profile'), 'model_name') else 'not found'))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Template revised</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr(l_1_d, 'profile'), 'revision'), _loop_vars=_loop_vars) if environment.getattr(environment.getattr(l_1_d, 'profile'), 'revision') else '—'))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Signed</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr(l_1_d, 'profile'), 'signed'), _loop_vars=_loop_vars) if environment.getattr(environment.getattr(l_1_d, 'profile'), 'signed') else '—'))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Pages</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape(environment.getattr(l_1_d, 'pages'))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Format</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), t_7(environment.getattr(l_1_d, 'format')), _loop_vars=_loop_vars))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">Text engine</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td>'
        yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_d, 'engine'), _loop_vars=_loop_vars) if environment.getattr(l_1_d, 'engine') else '—'))
        yield '</td>'
    l_1_d = missing
    yield '</tr>\n        <tr><th scope="row">SHA-256</th>'
    for l_1_d in (environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new')):
        _loop_vars = {}
        pass
        yield '<td><code class="sha">'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_d, 'sha256'), _loop_vars=_loop_vars))
        yield '</code></td>'
    l_1_d = missing
    yield '</tr>\n      </tbody>\n    </table>\n  </section>\n'
    if ((environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'warnings') or environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), 'notices')) or environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new'), 'notices')):
        pass
        yield '  <section class="notices" aria-labelledby="notices-h">\n    <h2 id="notices-h"><span aria-hidden="true">⚠</span> Warnings</h2>\n    <ul>\n'
        for l_1_n in environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'warnings'):
            _loop_vars = {}
            pass
            yield '      <li><strong>Comparison</strong>: '
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_n, 'message'), _loop_vars=_loop_vars))
            yield ' <code class="code">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_n, 'code'), _loop_vars=_loop_vars))
            yield '</code></li>\n'
        l_1_n = missing
        for (l_1_side, l_1_d) in (('Old version', environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old')), ('New version', environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new'))):
            _loop_vars = {}
            pass
            for l_2_n in environment.getattr(l_1_d, 'notices'):
                _loop_vars = {}
                pass
                yield '      <li><strong>'
                yield escape(l_1_side)
                yield '</strong>'
                if t_3(l_2_n):
                    pass
                    yield ', '
                    yield escape(t_3(l_2_n))
                yield ': '
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_n, 'message'), _loop_vars=_loop_vars))
                yield ' <code class="code">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_n, 'code'), _loop_vars=_loop_vars))
                yield '</code></li>\n'
            l_2_n = missing
        l_1_side = l_1_d = missing
        yield '    </ul>\n    <p class="hint">Text on the pages named here may be missing or unreliable; check those pages against the originals.</p>\n  </section>\n'
    yield '</header>\n\n<section id="summary" aria-labelledby="summary-h">\n  <h2 id="summary-h">Summary</h2>\n  <p class="verdict '
    yield escape(('yes' if environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'has_substantive_changes') else 'no'))
    yield '" id="headline">'
    yield escape((undefined(name='headline') if l_0_headline is missing else l_0_headline))
    yield '\n    · '
    yield escape(t_2(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'changes')))
    yield ' clause'
    yield escape(('s' if (t_2(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'changes')) != 1) else cond_expr_undefined("the inline if-expression on line 75 in 'report.html.j2' evaluated to false and no else section was defined.")))
    yield ' compared</p>\n'
    if (undefined(name='n_approximate') if l_0_n_approximate is missing else l_0_n_approximate):
        pass
        yield '  <p class="note approx" role="note"><strong>Approximate:</strong> '
        yield escape((undefined(name='n_approximate') if l_0_n_approximate is missing else l_0_n_approximate))
        yield ' clause'
        yield escape(('s were' if ((undefined(name='n_approximate') if l_0_n_approximate is missing else l_0_n_approximate) != 1) else ' was'))
        yield " compared within moadiff's limits rather than exactly (too long to diff word by word, or too many clauses to compare every pair), and "
        yield escape(('are' if ((undefined(name='n_approximate') if l_0_n_approximate is missing else l_0_n_approximate) != 1) else 'is'))
        yield ' marked “Approximate” below, with a note. Changes there may be shown coarser than they are; no text is left out.</p>\n'
    yield '  <div class="stats">\n    <dl class="stat-group">\n      <div class="stat"><dt>Changed in substance</dt><dd>'
    yield escape((undefined(name='n_substantive') if l_0_n_substantive is missing else l_0_n_substantive))
    yield '</dd></div>\n'
    for l_1_k in ('substantive', 'added', 'removed', 'moved', 'moved-text', 'fill-in', 'minor', 'unchanged'):
        l_1_badges = resolve('badges')
        l_1_badge_counts = resolve('badge_counts')
        _loop_vars = {}
        pass
        yield '      <div class="stat"><dt><span class="badge b-'
        yield escape(l_1_k)
        yield '">'
        yield escape(environment.getitem((undefined(name='badges') if l_1_badges is missing else l_1_badges), l_1_k))
        yield '</span></dt><dd>'
        yield escape(environment.getitem((undefined(name='badge_counts') if l_1_badge_counts is missing else l_1_badge_counts), l_1_k))
        yield '</dd></div>\n'
    l_1_k = l_1_badges = l_1_badge_counts = missing
    yield '    </dl>\n    <dl class="stat-group edits">\n'
    for l_1_k in (undefined(name='kinds') if l_0_kinds is missing else l_0_kinds):
        l_1_kind_labels = resolve('kind_labels')
        _loop_vars = {}
        pass
        yield '      <div class="stat"><dt>'
        yield escape(environment.getitem((undefined(name='kind_labels') if l_1_kind_labels is missing else l_1_kind_labels), l_1_k))
        yield ' edits</dt><dd>'
        yield escape(context.call(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'edits'), 'get'), l_1_k, 0, _loop_vars=_loop_vars))
        yield '</dd></div>\n'
    l_1_k = l_1_kind_labels = missing
    yield '    </dl>\n  </div>\n</section>\n\n'
    if ((undefined(name='watched') if l_0_watched is missing else l_0_watched) or (undefined(name='stale_views') if l_0_stale_views is missing else l_0_stale_views)):
        pass
        yield '<section id="attention" aria-labelledby="attention-h">\n  <h2 id="attention-h">Look here first</h2>\n'
        if (undefined(name='watched') if l_0_watched is missing else l_0_watched):
            pass
            yield '  <h3 id="watch-h">Watch list: '
            yield escape(t_2((undefined(name='watched') if l_0_watched is missing else l_0_watched)))
            yield ' changed clause'
            yield escape(('s' if (t_2((undefined(name='watched') if l_0_watched is missing else l_0_watched)) != 1) else cond_expr_undefined("the inline if-expression on line 98 in 'report.html.j2' evaluated to false and no else section was defined.")))
            yield ' on watched topics</h3>\n  <ul class="watchlist">\n'
            l_1_loop = missing
            for l_1_v, l_1_loop in LoopContext((undefined(name='watched') if l_0_watched is missing else l_0_watched), undefined):
                _loop_vars = {}
                pass
                yield '    <li><a href="#'
                yield escape(environment.getattr(l_1_v, 'anchor'))
                yield '"><span class="ids">'
                yield escape(context.call((undefined(name='ids') if l_0_ids is missing else l_0_ids), l_1_v, _loop_vars=_loop_vars))
                yield '</span> <span class="ttl">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'title'), _loop_vars=_loop_vars))
                yield '</span></a> '
                l_2_loop = missing
                for l_2_topic, l_2_loop in LoopContext(environment.getattr(environment.getattr(l_1_v, 'change'), 'watch'), undefined):
                    _loop_vars = {}
                    pass
                    yield '<span class="badge b-watch">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_topic, _loop_vars=_loop_vars))
                    yield '</span>'
                    yield escape((' ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 101 in 'report.html.j2' evaluated to false and no else section was defined.")))
                l_2_loop = l_2_topic = missing
                yield '</li>\n'
            l_1_loop = l_1_v = missing
            yield '  </ul>\n'
        if (undefined(name='stale_views') if l_0_stale_views is missing else l_0_stale_views):
            pass
            yield '  <h3 id="stale-h">Stale cross-references</h3>\n  <ul class="stale">\n'
            for l_1_v in (undefined(name='stale_views') if l_0_stale_views is missing else l_0_stale_views):
                _loop_vars = {}
                pass
                for l_2_r in environment.getattr(l_1_v, 'stale'):
                    _loop_vars = {}
                    pass
                    yield '    <li><a href="#'
                    yield escape(environment.getattr(l_1_v, 'anchor'))
                    yield '"><bdi>'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'clause'), _loop_vars=_loop_vars))
                    yield '</bdi></a>: '
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'message'), _loop_vars=_loop_vars))
                    yield '</li>\n'
                l_2_r = missing
            l_1_v = missing
            yield '  </ul>\n'
        yield '  <p class="hint">Watched topics: '
        yield escape((t_1(context.eval_ctx, (undefined(name='watch_topics') if l_0_watch_topics is missing else l_0_watch_topics), ', ') if (undefined(name='watch_topics') if l_0_watch_topics is missing else l_0_watch_topics) else 'none'))
        yield '. Mentions are <mark class="watch">highlighted</mark> in the watched clauses below; stale references are <mark class="xref">marked</mark>.</p>\n</section>\n'
    yield '\n<section id="legend" aria-labelledby="legend-h">\n  <h2 id="legend-h">How to read this report</h2>\n  <ul class="legend">\n    <li>Each clause carries one badge for what changed in it: <span class="badge b-substantive">substantive</span>, <span class="badge b-added">added</span>, <span class="badge b-removed">removed</span> and <span class="badge b-moved">moved</span> clauses count as changed in substance and open by default; a clause with <span class="badge b-moved-text">text moved in or out</span> of another opens too, but its moved text is not new language; <span class="badge b-fill-in">fill-in only</span> and <span class="badge b-minor">formatting / OCR only</span> clauses stay closed.</li>\n    <li><del class="m k-substantive">deleted words</del> are struck through on the old (left) side; <ins class="m k-substantive">inserted words</ins> are underlined on the new (right) side.</li>\n    <li><del class="m k-formatting legend-force">case or punctuation</del> <ins class="m k-formatting legend-force">changes</ins> (formatting) are marked with a dotted line.</li>'
    if (undefined(name='has_low_confidence') if l_0_has_low_confidence is missing else l_0_has_low_confidence):
        pass
        yield '    <li><span class="lowconf">Amber-underlined</span> words were read by OCR with low confidence: check them against the scan.</li>'
    yield '    <li><ins class="m k-fill-in legend-force">fill-in</ins> changes (agency names, dates, signatories) and <ins class="m k-ocr-noise legend-force">OCR noise</ins> are left unmarked until their box is ticked in the toolbar; the text itself is always shown.</li>'
    if context.call(environment.getattr(environment.getattr((undefined(name='summary') if l_0_summary is missing else l_0_summary), 'edits'), 'get'), 'moved'):
        pass
        yield '    <li><ins class="m k-moved legend-force">Moved text</ins> came from another clause (or, struck, went to one): a tag says which. It is not new language.</li>'
    yield '    <li><span class="ctl" title="invisible or control character">&#x27E8;U+202E&#x27E9;</span> stands for an invisible or control character (bidi override, zero-width space, NUL…) found in the text.</li>\n    <li>Keys: <kbd>n</kbd>/<kbd>j</kbd> next change, <kbd>p</kbd>/<kbd>k</kbd> previous change. Clause anchors (e.g. <code>#IV.B</code>) can be cited as links.</li>\n  </ul>\n  <h3 id="glossary-h">Words used here</h3>\n  <dl class="glossary">\n'
    for (l_1_term, l_1_meaning) in (undefined(name='glossary') if l_0_glossary is missing else l_0_glossary):
        _loop_vars = {}
        pass
        yield '    <div><dt>'
        yield escape(l_1_term)
        yield '</dt><dd>'
        yield escape(l_1_meaning)
        yield '</dd></div>\n'
    l_1_term = l_1_meaning = missing
    yield '  </dl>\n</section>\n\n<nav id="toc" aria-labelledby="toc-h">\n  <h2 id="toc-h">Clauses <span class="count">('
    yield escape(t_2((undefined(name='views') if l_0_views is missing else l_0_views)))
    yield ', '
    yield escape((undefined(name='n_substantive') if l_0_n_substantive is missing else l_0_n_substantive))
    yield ' changed in substance)</span></h2>\n  <ol class="toc">\n'
    for l_1_v in (undefined(name='views') if l_0_views is missing else l_0_views):
        l_1_badges = resolve('badges')
        _loop_vars = {}
        pass
        yield '    <li class="st-'
        yield escape(environment.getattr(environment.getattr(l_1_v, 'change'), 'status'))
        yield escape((' is-change' if environment.getattr(l_1_v, 'is_change') else cond_expr_undefined("the inline if-expression on line 145 in 'report.html.j2' evaluated to false and no else section was defined.")))
        yield '"><a href="#'
        yield escape(environment.getattr(l_1_v, 'anchor'))
        yield '"><span class="badge b-'
        yield escape(environment.getattr(l_1_v, 'badge'))
        yield '">'
        yield escape(environment.getitem((undefined(name='badges') if l_1_badges is missing else l_1_badges), environment.getattr(l_1_v, 'badge')))
        yield '</span> <span class="ids">'
        yield escape(context.call((undefined(name='ids') if l_0_ids is missing else l_0_ids), l_1_v, _loop_vars=_loop_vars))
        yield '</span> <span class="ttl">'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'title'), _loop_vars=_loop_vars))
        yield '</span></a></li>\n'
    l_1_v = l_1_badges = missing
    yield '  </ol>\n</nav>\n\n<div class="toolbar" role="region" aria-label="Navigation and display options">\n  <div class="tools">\n    <button type="button" id="md-prev" title="Previous change (p or k)"><span aria-hidden="true">↑</span> Previous</button>\n    <button type="button" id="md-next" title="Next change (n or j)">Next change <span aria-hidden="true">↓</span></button>\n    <span id="md-pos" class="pos" role="status" aria-live="polite">'
    yield escape((undefined(name='n_substantive') if l_0_n_substantive is missing else l_0_n_substantive))
    yield ' clause'
    yield escape(('s' if ((undefined(name='n_substantive') if l_0_n_substantive is missing else l_0_n_substantive) != 1) else cond_expr_undefined("the inline if-expression on line 154 in 'report.html.j2' evaluated to false and no else section was defined.")))
    yield ' changed in substance</span>\n    <span class="toggles">\n      <span class="tl">Mark:</span>\n'
    def t_10(fiter):
        for l_1_k in fiter:
            if (l_1_k != 'substantive'):
                yield l_1_k
    for l_1_k in t_10((undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
        l_1_hidden_by_default = resolve('hidden_by_default')
        l_1_kind_labels = resolve('kind_labels')
        _loop_vars = {}
        pass
        yield '      <label><input type="checkbox" id="md-show-'
        yield escape(l_1_k)
        yield '"'
        if (l_1_k not in (undefined(name='hidden_by_default') if l_1_hidden_by_default is missing else l_1_hidden_by_default)):
            pass
            yield ' checked'
        yield '> '
        yield escape(environment.getitem((undefined(name='kind_labels') if l_1_kind_labels is missing else l_1_kind_labels), l_1_k))
        yield '</label>\n'
    l_1_k = l_1_hidden_by_default = l_1_kind_labels = missing
    yield '      <label><input type="checkbox" id="md-show-unchanged"> show unchanged clauses</label>\n    </span>\n  </div>\n  <div class="colheads" aria-hidden="true">\n    <div class="old">Old · <bdi class="fn">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'old'), 'name')))
    yield '</bdi></div>\n    <div class="new">New · <bdi class="fn">'
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr((undefined(name='c') if l_0_c is missing else l_0_c), 'new'), 'name')))
    yield '</bdi></div>\n  </div>\n</div>\n\n<main id="changes" aria-labelledby="changes-h">\n  <h2 id="changes-h" class="sr">Clause by clause</h2>\n'
    l_1_loop = missing
    t_11 = 1
    for l_1_v, l_1_loop in LoopContext((undefined(name='views') if l_0_views is missing else l_0_views), undefined):
        l_1_badges = resolve('badges')
        l_1_similar = resolve('similar')
        l_1_is_signature = resolve('is_signature')
        l_1_signature_wording = resolve('signature_wording')
        l_1_rows = resolve('rows')
        l_1_ch = missing
        _loop_vars = {}
        pass
        l_1_ch = environment.getattr(l_1_v, 'change')
        _loop_vars['ch'] = l_1_ch
        yield '  <section class="clause st-'
        yield escape(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'status'))
        yield escape((' moved' if environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'moved') else cond_expr_undefined("the inline if-expression on line 173 in 'report.html.j2' evaluated to false and no else section was defined.")))
        yield escape((' is-change' if environment.getattr(l_1_v, 'is_change') else cond_expr_undefined("the inline if-expression on line 173 in 'report.html.j2' evaluated to false and no else section was defined.")))
        yield escape((' is-substantive' if environment.getattr(l_1_v, 'is_substantive') else cond_expr_undefined("the inline if-expression on line 173 in 'report.html.j2' evaluated to false and no else section was defined.")))
        yield '" id="'
        yield escape(environment.getattr(l_1_v, 'anchor'))
        yield '" data-n="'
        yield escape(environment.getattr(l_1_v, 'n'))
        yield '" data-kinds="'
        def t_12(fiter):
            for l_2_k in fiter:
                if environment.getitem(environment.getattr(l_1_v, 'counts'), l_2_k):
                    yield l_2_k
        for l_2_k in t_12((undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
            _loop_vars = {}
            pass
            yield escape(l_2_k)
            yield ' '
        l_2_k = missing
        yield '" aria-labelledby="md-h'
        yield escape(environment.getattr(l_1_v, 'n'))
        yield '">\n    <details'
        if (environment.getattr(l_1_v, 'is_substantive') or (environment.getattr(l_1_v, 'badge') == 'moved-text')):
            pass
            yield ' open'
        yield '>\n      <summary'
        if environment.getattr(l_1_v, 'is_change'):
            pass
            yield ' class="nav-target"'
        yield '>\n        <h3 id="md-h'
        yield escape(environment.getattr(l_1_v, 'n'))
        yield '"><span class="ids">'
        yield escape(context.call((undefined(name='ids') if l_0_ids is missing else l_0_ids), l_1_v, _loop_vars=_loop_vars))
        yield '</span> <span class="ctitle">'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'title'), _loop_vars=_loop_vars))
        yield '</span></h3>\n        <span class="badges"><span class="badge b-'
        yield escape(environment.getattr(l_1_v, 'badge'))
        yield '">'
        yield escape(environment.getitem((undefined(name='badges') if l_1_badges is missing else l_1_badges), environment.getattr(l_1_v, 'badge')))
        yield '</span>'
        if environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'moved'):
            pass
            yield ' <span class="badge b-moved">Moved'
            if environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'old'):
                pass
                yield ' from <bdi>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'old'), 'id'), _loop_vars=_loop_vars))
                yield '</bdi> (old '
                yield escape(environment.getattr(l_1_v, 'old_pages'))
                yield ')'
            yield '</span>'
        if (t_2(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'old_parts')) > 1):
            pass
            yield ' <span class="badge b-parts">Merged from '
            l_2_loop = missing
            for l_2_p, l_2_loop in LoopContext(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'old_parts'), undefined):
                _loop_vars = {}
                pass
                yield '<bdi>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_p, _loop_vars=_loop_vars))
                yield '</bdi>'
                yield escape((' + ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 179 in 'report.html.j2' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_p = missing
            yield '</span>'
        if environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'watch'):
            pass
            yield ' <span class="badge b-watch" title="mentions watched topics">Watch: '
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), t_1(context.eval_ctx, environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'watch'), ', '), _loop_vars=_loop_vars))
            yield '</span>'
        if environment.getattr(l_1_v, 'stale'):
            pass
            yield ' <span class="badge b-stale">Stale reference</span>'
        if environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'approximate'):
            pass
            yield ' <span class="badge b-approx" title="compared within moadiff\'s limits: see the note below">Approximate</span>'
        if (t_2(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'new_parts')) > 1):
            pass
            yield ' <span class="badge b-parts">Split into '
            l_2_loop = missing
            for l_2_p, l_2_loop in LoopContext(environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'new_parts'), undefined):
                _loop_vars = {}
                pass
                yield '<bdi>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_p, _loop_vars=_loop_vars))
                yield '</bdi>'
                yield escape((' + ' if (not environment.getattr(l_2_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 183 in 'report.html.j2' evaluated to false and no else section was defined.")))
            l_2_loop = l_2_p = missing
            yield '</span>'
        yield '        </span>\n        <span class="meta">'
        if environment.getattr(l_1_v, 'old_pages'):
            pass
            yield '<span class="pg">old '
            yield escape(environment.getattr(l_1_v, 'old_pages'))
            yield '</span>'
        if environment.getattr(l_1_v, 'new_pages'):
            pass
            yield '<span class="pg">new '
            yield escape(environment.getattr(l_1_v, 'new_pages'))
            yield '</span>'
        def t_13(fiter):
            for l_2_k in fiter:
                if environment.getitem(environment.getattr(l_1_v, 'counts'), l_2_k):
                    yield l_2_k
        for l_2_k in t_13((undefined(name='kinds') if l_0_kinds is missing else l_0_kinds)):
            l_2_kind_labels = resolve('kind_labels')
            _loop_vars = {}
            pass
            yield '<span class="cnt k-'
            yield escape(l_2_k)
            yield '">'
            yield escape(environment.getitem(environment.getattr(l_1_v, 'counts'), l_2_k))
            yield ' '
            yield escape(environment.getitem((undefined(name='kind_labels') if l_2_kind_labels is missing else l_2_kind_labels), l_2_k))
            yield '</span>'
        l_2_k = l_2_kind_labels = missing
        if (environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'status') == 'modified'):
            pass
            yield '<span class="sim" title="similarity of the two versions">'
            yield escape(context.call((undefined(name='similar') if l_1_similar is missing else l_1_similar), environment.getattr((undefined(name='ch') if l_1_ch is missing else l_1_ch), 'similarity'), _loop_vars=_loop_vars))
            yield ' similar</span>'
        yield '        </span>\n      </summary>\n'
        if environment.getattr(environment.getattr(l_1_v, 'layout'), 'approximate'):
            pass
            yield '<p class="note approx" role="note"><strong>Approximate:</strong> '
            yield escape(environment.getattr(environment.getattr(l_1_v, 'layout'), 'approximate'))
            yield '</p>'
        if (context.call((undefined(name='is_signature') if l_1_is_signature is missing else l_1_is_signature), (undefined(name='ch') if l_1_ch is missing else l_1_ch), _loop_vars=_loop_vars) and environment.getattr(l_1_v, 'is_change')):
            pass
            yield '<p class="note sig" role="note"><strong>Signature block:</strong> '
            yield escape(context.call((undefined(name='signature_wording') if l_1_signature_wording is missing else l_1_signature_wording), (undefined(name='ch') if l_1_ch is missing else l_1_ch), _loop_vars=_loop_vars))
            yield '. Its names, titles and dates are fill-ins; scanned signatures often read as stray letters.</p>'
        for l_2_r in environment.getattr(l_1_v, 'stale'):
            _loop_vars = {}
            pass
            yield '<p class="note stale" role="note"><strong>Stale cross-reference:</strong> '
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'message'), _loop_vars=_loop_vars))
            yield '</p>'
        l_2_r = missing
        yield '      <div class="rows">\n'
        yield escape(context.call((undefined(name='rows') if l_1_rows is missing else l_1_rows), l_1_v, _loop_vars=_loop_vars))
        yield '      </div>\n    </details>\n  </section>\n'
        t_11 = 0
    l_1_loop = l_1_v = l_1_ch = l_1_badges = l_1_similar = l_1_is_signature = l_1_signature_wording = l_1_rows = missing
    if t_11:
        pass
        yield '  <p class="absent">Neither document has any clauses.</p>\n'
    yield '</main>\n\n<footer class="foot">\n  <p id="provenance">Made by moadiff '
    yield escape(environment.getattr((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), 'version'))
    yield ' on '
    yield escape(environment.getattr((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), 'date'))
    yield '. Options that change results: '
    yield escape((undefined(name='options_line') if l_0_options_line is missing else l_0_options_line))
    yield '.\n  This report makes no network requests; check the SHA-256 sums above (old '
    yield escape(environment.getattr((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), 'old_sha256'))
    yield ', new '
    yield escape(environment.getattr((undefined(name='provenance') if l_0_provenance is missing else l_0_provenance), 'new_sha256'))
    yield ') against your copies of the documents.</p>\n</footer>\n<script type="application/json" id="md-data">'
    yield escape(t_6(context.eval_ctx, (undefined(name='data') if l_0_data is missing else l_0_data)))
    yield '</script>\n<script>'
    yield escape((undefined(name='js') if l_0_js is missing else l_0_js))
    yield '</script>\n</body>\n</html>\n'

blocks = {}
debug_info = '4=74&5=79&6=82&7=94&10=100&11=105&12=112&13=123&23=132&27=134&29=136&35=138&36=140&42=144&43=152&44=160&45=168&46=176&47=184&48=192&49=200&50=208&54=216&58=219&59=223&61=228&62=231&63=235&74=250&75=254&76=258&77=261&81=268&82=270&83=276&87=284&88=289&94=295&97=298&98=301&100=306&101=310&105=328&108=331&109=338&113=348&123=351&127=355&135=359&136=363&142=369&144=373&145=378&154=393&157=397&158=407&164=417&165=419&171=423&172=432&173=435&174=457&175=461&176=465&177=471&178=475&179=486&180=499&181=504&182=507&183=510&186=524&187=529&188=534&189=550&192=556&193=561&194=566&196=574&205=582&206=588&208=592&209=594'

# Generated by jinja2 from templates/report.html.j2: see moadiff/render/_page.py.
# ruff: noqa
# mypy: ignore-errors
# fingerprint of the template, jinja2 and its settings: c63e28240af6fffc15c9669c2e4b6016be1f6bfce1c6b810407089d98cd3a323
