from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'batch_index.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_t = l_0_link = l_0_ids = l_0_icons = l_0_counts_cells = missing
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    parent_template = environment.get_template('batch_base.html.j2', 'batch_index.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('batch_macros.j2', 'batch_index.html.j2')._get_default_module(context)
    l_0_t = getattr(included_template, 't', missing)
    if l_0_t is missing:
        l_0_t = undefined(f"the template {included_template.__name__!r} (imported on line 5 in 'batch_index.html.j2') does not export the requested name 't'", name='t')
    l_0_link = getattr(included_template, 'link', missing)
    if l_0_link is missing:
        l_0_link = undefined(f"the template {included_template.__name__!r} (imported on line 5 in 'batch_index.html.j2') does not export the requested name 'link'", name='link')
    l_0_ids = getattr(included_template, 'ids', missing)
    if l_0_ids is missing:
        l_0_ids = undefined(f"the template {included_template.__name__!r} (imported on line 5 in 'batch_index.html.j2') does not export the requested name 'ids'", name='ids')
    context.vars.update({'t': l_0_t, 'link': l_0_link, 'ids': l_0_ids})
    context.exported_vars.difference_update(('t', 'link', 'ids'))
    l_0_icons = {'same': '○', 'different': '●', 'error': '✕', 'alone': '◌', 'other': '?'}
    context.vars['icons'] = l_0_icons
    context.exported_vars.add('icons')
    def macro(l_1_c):
        t_2 = []
        l_1_f = l_1_o = missing
        if l_1_c is missing:
            l_1_c = undefined("parameter 'c' was not provided", name='c')
        pass
        t_2.extend((
            '<td class="num" data-v="',
            escape((environment.getitem(l_1_c, 'substantive') if (not t_1(environment.getitem(l_1_c, 'substantive'))) else cond_expr_undefined("the inline if-expression on line 8 in 'batch_index.html.j2' evaluated to false and no else section was defined."))),
            '">',
            escape((environment.getitem(l_1_c, 'substantive') if (not t_1(environment.getitem(l_1_c, 'substantive'))) else '—')),
            '</td>\n<td class="num" data-v="',
            escape((environment.getitem(l_1_c, 'fill-in') if (not t_1(environment.getitem(l_1_c, 'fill-in'))) else cond_expr_undefined("the inline if-expression on line 9 in 'batch_index.html.j2' evaluated to false and no else section was defined."))),
            '">',
            escape((environment.getitem(l_1_c, 'fill-in') if (not t_1(environment.getitem(l_1_c, 'fill-in'))) else '—')),
            '</td>',
        ))
        (l_1_f, l_1_o) = (environment.getitem(l_1_c, 'formatting'), environment.getitem(l_1_c, 'ocr-noise'))
        t_2.extend((
            '<td class="num minor" data-v="',
            escape(((((undefined(name='f') if l_1_f is missing else l_1_f) or 0) + ((undefined(name='o') if l_1_o is missing else l_1_o) or 0)) if ((not t_1((undefined(name='f') if l_1_f is missing else l_1_f))) or (not t_1((undefined(name='o') if l_1_o is missing else l_1_o)))) else cond_expr_undefined("the inline if-expression on line 11 in 'batch_index.html.j2' evaluated to false and no else section was defined."))),
            '">',
        ))
        if (t_1((undefined(name='f') if l_1_f is missing else l_1_f)) and t_1((undefined(name='o') if l_1_o is missing else l_1_o))):
            pass
            t_2.append(
                '—',
            )
        else:
            pass
            t_2.extend((
                escape(((undefined(name='f') if l_1_f is missing else l_1_f) if (not t_1((undefined(name='f') if l_1_f is missing else l_1_f))) else '—')),
                ' / ',
                escape(((undefined(name='o') if l_1_o is missing else l_1_o) if (not t_1((undefined(name='o') if l_1_o is missing else l_1_o))) else '—')),
            ))
        t_2.append(
            '</td>',
        )
        return concat(t_2)
    context.exported_vars.add('counts_cells')
    context.vars['counts_cells'] = l_0_counts_cells = Macro(environment, macro, 'counts_cells', ('c',), False, False, False, context.eval_ctx.autoescape)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_totals = resolve('totals')
    pass
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'rows'))
    yield ' comparison'
    yield escape(('s' if (environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'rows') != 1) else cond_expr_undefined("the inline if-expression on line 13 in 'batch_index.html.j2' evaluated to false and no else section was defined.")))
    yield ' · moadiff batch'

def block_page(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'index'

def block_body(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_totals = resolve('totals')
    l_0_t = resolve('t')
    l_0_version = resolve('version')
    l_0_folder = resolve('folder')
    l_0_mode = resolve('mode')
    l_0_mode_text = resolve('mode_text')
    l_0_exit_status = resolve('exit_status')
    l_0_exit_text = resolve('exit_text')
    l_0_revisions_page = resolve('revisions_page')
    l_0_has_matrix = resolve('has_matrix')
    l_0_clusters = resolve('clusters')
    l_0_revisions = resolve('revisions')
    l_0_rows = resolve('rows')
    l_0_models = resolve('models')
    l_0_statuses = resolve('statuses')
    l_0_unlisted = resolve('unlisted')
    try:
        t_3 = environment.filters['join']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'join' found.")
    try:
        t_4 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_4(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_5 = environment.filters['map']
    except KeyError:
        @internalcode
        def t_5(*unused):
            raise TemplateRuntimeError("No filter named 'map' found.")
    try:
        t_6 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_6(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    try:
        t_1 = environment.tests['none']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No test named 'none' found.")
    pass
    yield '<a class="skip" href="#agreements">Skip to the table</a>\n<header id="top" class="masthead">\n  <p class="kicker">moadiff · batch comparison</p>\n  <h1>'
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'rows'))
    yield ' comparison'
    yield escape(('s' if (environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'rows') != 1) else cond_expr_undefined("the inline if-expression on line 19 in 'batch_index.html.j2' evaluated to false and no else section was defined.")))
    yield ' of 287(g) agreements</h1>\n  <p class="byline">Generated by moadiff '
    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='version') if l_0_version is missing else l_0_version), _block_vars=_block_vars))
    yield ' from <bdi class="file">'
    yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='folder') if l_0_folder is missing else l_0_folder), _block_vars=_block_vars) if (undefined(name='folder') if l_0_folder is missing else l_0_folder) else '—'))
    yield '</bdi>.\n    Mode: <strong>'
    yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='mode') if l_0_mode is missing else l_0_mode), _block_vars=_block_vars) if (undefined(name='mode') if l_0_mode is missing else l_0_mode) else '—'))
    yield '</strong>'
    if (undefined(name='mode_text') if l_0_mode_text is missing else l_0_mode_text):
        pass
        yield ', '
        yield escape((undefined(name='mode_text') if l_0_mode_text is missing else l_0_mode_text))
    yield '.</p>\n  <dl class="stats">\n    <div class="stat"><dt>Documents</dt><dd>'
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'documents'))
    yield '</dd></div>\n    <div class="stat"><dt>Compared</dt><dd>'
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'compared'))
    yield '</dd></div>\n    <div class="stat"><dt>With substantive changes</dt><dd>'
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'different'))
    yield '</dd></div>\n    <div class="stat'
    yield escape((' bad' if environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'errors') else cond_expr_undefined("the inline if-expression on line 26 in 'batch_index.html.j2' evaluated to false and no else section was defined.")))
    yield '"><dt>Errors</dt><dd>'
    yield escape(environment.getattr((undefined(name='totals') if l_0_totals is missing else l_0_totals), 'errors'))
    yield '</dd></div>\n  </dl>\n'
    if (not t_1((undefined(name='exit_status') if l_0_exit_status is missing else l_0_exit_status))):
        pass
        yield '  <p class="verdict exit-'
        yield escape((undefined(name='exit_status') if l_0_exit_status is missing else l_0_exit_status))
        yield '">Exit status '
        yield escape((undefined(name='exit_status') if l_0_exit_status is missing else l_0_exit_status))
        if (undefined(name='exit_text') if l_0_exit_text is missing else l_0_exit_text):
            pass
            yield ': '
            yield escape((undefined(name='exit_text') if l_0_exit_text is missing else l_0_exit_text))
        yield '.</p>\n'
    yield '  <nav class="files" aria-label="Other views and data files">\n    <span class="tl">Also here:</span>\n'
    if (undefined(name='revisions_page') if l_0_revisions_page is missing else l_0_revisions_page):
        pass
        yield '<a href="revisions.html">What changed between template revisions</a> · <a href="revisions.md">revisions.md</a> · <a href="deviations.csv">deviations.csv</a> · '
    yield '<a href="matrix.html">Clause matrix</a>'
    if (not (undefined(name='has_matrix') if l_0_has_matrix is missing else l_0_has_matrix)):
        pass
        yield ' <span class="hint">(empty in this mode)</span>'
    yield '    · <a href="summary.csv">summary.csv</a>\n    · <a href="summary.json">summary.json</a>\n    · <a href="matrix.csv">matrix.csv</a>\n    '
    if (undefined(name='clusters') if l_0_clusters is missing else l_0_clusters):
        pass
        yield '· <a href="#clusters">Clusters</a>'
    yield '    '
    if (undefined(name='revisions') if l_0_revisions is missing else l_0_revisions):
        pass
        yield '· <a href="#revisions">Template revisions</a>'
    yield '  </nav>\n</header>\n\n<main>\n<section id="agreements" aria-labelledby="agreements-h">\n  <h2 id="agreements-h">Agreements <span class="count">('
    yield escape(t_4((undefined(name='rows') if l_0_rows is missing else l_0_rows)))
    yield ')</span></h2>\n  <div class="filters" id="bx-filters" hidden>\n    <label>Filter <input type="search" id="bx-q" placeholder="agency, file, model, revision" autocomplete="off" spellcheck="false"></label>\n    <label>Model <select id="bx-model">\n      <option value="">all</option>\n'
    for (l_1_m, l_1_name) in (undefined(name='models') if l_0_models is missing else l_0_models):
        _loop_vars = {}
        pass
        yield '<option value="'
        yield escape(t_6(l_1_m))
        yield '">'
        yield escape(t_6(l_1_m))
        if l_1_name:
            pass
            yield ' · '
            yield escape(t_6(l_1_name))
        yield '</option>'
    l_1_m = l_1_name = missing
    yield '    </select></label>\n    <label>Status <select id="bx-status">\n      <option value="">all</option>\n'
    for l_1_s in (undefined(name='statuses') if l_0_statuses is missing else l_0_statuses):
        l_1_status_labels = resolve('status_labels')
        _loop_vars = {}
        pass
        yield '<option value="'
        yield escape(t_6(l_1_s))
        yield '">'
        yield escape(context.call(environment.getattr((undefined(name='status_labels') if l_1_status_labels is missing else l_1_status_labels), 'get'), l_1_s, t_6(l_1_s), _loop_vars=_loop_vars))
        yield '</option>'
    l_1_s = l_1_status_labels = missing
    yield '    </select></label>\n    <span id="bx-shown" class="pos" role="status" aria-live="polite"></span>\n    <span class="hint">Click a column heading to sort.</span>\n  </div>\n'
    if (undefined(name='rows') if l_0_rows is missing else l_0_rows):
        pass
        yield '  <div class="tablewrap">\n  <table id="bx-table" class="list">\n    <caption class="sr">One row per comparison. Counts are edits; changed clauses are those with substantive edits.</caption>\n    <thead><tr>\n'
        if ((undefined(name='mode') if l_0_mode is missing else l_0_mode) == 'cluster'):
            pass
            yield '<th scope="col" data-sort="num" class="num">Rank <span class="sub">deviation</span></th>'
        yield '      <th scope="col" data-sort="text">Agency <span class="sub">file</span></th>\n      <th scope="col" data-sort="text">Model</th>\n      <th scope="col" data-sort="text">Revision</th>\n      <th scope="col" data-sort="text">'
        yield escape(('Older version' if ((undefined(name='mode') if l_0_mode is missing else l_0_mode) == 'pairs') else 'Baseline'))
        yield '</th>\n      <th scope="col" data-sort="text">Status</th>\n      <th scope="col" data-sort="num" class="num">Substantive</th>\n      <th scope="col" data-sort="num" class="num">Fill-in</th>\n      <th scope="col" data-sort="num" class="num minor">Format&shy;ting / OCR</th>\n      <th scope="col" data-sort="num" class="num">Changed clauses</th>\n      <th scope="col">Reports</th>\n    </tr></thead>\n    <tbody>\n'
        for l_1_r in (undefined(name='rows') if l_0_rows is missing else l_0_rows):
            l_1_icons = resolve('icons')
            l_1_status_labels = resolve('status_labels')
            l_1_counts_cells = resolve('counts_cells')
            l_1_ids = resolve('ids')
            l_1_link = resolve('link')
            _loop_vars = {}
            pass
            yield '    <tr id="row-'
            yield escape(environment.getattr(l_1_r, 'n'))
            yield '" class="st-'
            yield escape(environment.getattr(l_1_r, 'status_class'))
            yield '" data-ix="'
            yield escape(environment.getattr(l_1_r, 'n'))
            yield '" data-q="'
            yield escape(environment.getattr(l_1_r, 'search'))
            yield '" data-model="'
            yield escape(t_6(environment.getattr(l_1_r, 'model')))
            yield '" data-status="'
            yield escape(t_6(environment.getattr(l_1_r, 'status')))
            yield '">\n'
            if ((undefined(name='mode') if l_0_mode is missing else l_0_mode) == 'cluster'):
                pass
                yield '<td class="num" data-v="'
                yield escape((environment.getattr(l_1_r, 'rank') if (not t_1(environment.getattr(l_1_r, 'rank'))) else cond_expr_undefined("the inline if-expression on line 78 in 'batch_index.html.j2' evaluated to false and no else section was defined.")))
                yield '">'
                if (not t_1(environment.getattr(l_1_r, 'rank'))):
                    pass
                    yield escape(environment.getattr(l_1_r, 'rank'))
                    yield '<br><span class="sub" title="words of template language that differ">'
                    yield escape(environment.getattr(l_1_r, 'deviation'))
                    yield ' words</span>'
                else:
                    pass
                    yield '—'
                yield '</td>'
            yield '      <td data-v="'
            yield escape(t_6(environment.getattr(l_1_r, 'agency')))
            yield '"><bdi class="agency">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'agency'), _loop_vars=_loop_vars))
            yield '</bdi>'
            if (environment.getattr(l_1_r, 'file') and (environment.getattr(l_1_r, 'file') != environment.getattr(l_1_r, 'agency'))):
                pass
                yield '<br><bdi class="file">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'file'), _loop_vars=_loop_vars))
                yield '</bdi>'
            if (environment.getattr(l_1_r, 'role') != 'member'):
                pass
                yield '<br><span class="badge role-'
                yield escape(t_6(environment.getattr(l_1_r, 'role')))
                yield '">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'role'), _loop_vars=_loop_vars))
                yield '</span>'
                if environment.getattr(l_1_r, 'note'):
                    pass
                    yield ' <span class="sub">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'note'), _loop_vars=_loop_vars))
                    yield '</span>'
            if environment.getattr(l_1_r, 'notices'):
                pass
                yield '        <ul class="notices" aria-label="Warnings about this file">'
                for l_2_n in environment.getattr(l_1_r, 'notices'):
                    _loop_vars = {}
                    pass
                    yield '<li><span aria-hidden="true">⚠</span> '
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_n, _loop_vars=_loop_vars))
                    yield '</li>'
                l_2_n = missing
                yield '</ul>'
            yield '</td>\n      <td data-v="'
            yield escape(t_6(environment.getattr(l_1_r, 'model')))
            yield '">'
            if (environment.getattr(l_1_r, 'model') and environment.getattr(l_1_r, 'model_name')):
                pass
                yield '<abbr title="'
                yield escape(t_6(environment.getattr(l_1_r, 'model_name')))
                yield '">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'model'), _loop_vars=_loop_vars))
                yield '</abbr>'
            elif environment.getattr(l_1_r, 'model'):
                pass
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'model'), _loop_vars=_loop_vars))
            else:
                pass
                yield '<span class="none">—</span>'
            yield '</td>\n      <td data-v="'
            yield escape(t_6(environment.getattr(l_1_r, 'revision')))
            yield '">'
            yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'revision'), _loop_vars=_loop_vars) if environment.getattr(l_1_r, 'revision') else '—'))
            if environment.getattr(l_1_r, 'signed'):
                pass
                yield '<br><span class="sub">signed '
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'signed'), _loop_vars=_loop_vars))
                yield '</span>'
            yield '</td>\n      <td data-v="'
            yield escape(t_6(environment.getattr(l_1_r, 'baseline')))
            yield '">'
            if environment.getattr(l_1_r, 'baseline'):
                pass
                yield '<bdi>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'baseline'), _loop_vars=_loop_vars))
                yield '</bdi>'
                if (environment.getattr(l_1_r, 'baseline_file') and (environment.getattr(l_1_r, 'baseline_file') != environment.getattr(l_1_r, 'baseline'))):
                    pass
                    yield '<br><bdi class="file">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'baseline_file'), _loop_vars=_loop_vars))
                    yield '</bdi>'
            else:
                pass
                yield '<span class="none">—</span>'
            yield '</td>\n      <td data-v="'
            yield escape(t_6(environment.getattr(l_1_r, 'status')))
            yield '" class="status"><span class="badge b-'
            yield escape(environment.getattr(l_1_r, 'status_class'))
            yield '"><span aria-hidden="true">'
            yield escape(environment.getitem((undefined(name='icons') if l_1_icons is missing else l_1_icons), environment.getattr(l_1_r, 'status_class')))
            yield '</span> '
            yield escape(((context.call(environment.getattr((undefined(name='status_labels') if l_1_status_labels is missing else l_1_status_labels), 'get'), environment.getattr(l_1_r, 'status'), _loop_vars=_loop_vars) or context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'status'), _loop_vars=_loop_vars)) or 'unknown'))
            yield '</span>'
            if environment.getattr(l_1_r, 'error'):
                pass
                yield '<span class="errmsg"><span class="sr">Error: </span>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_r, 'error'), _loop_vars=_loop_vars))
                yield '</span>'
            yield '</td>\n      '
            yield escape(context.call((undefined(name='counts_cells') if l_1_counts_cells is missing else l_1_counts_cells), environment.getattr(l_1_r, 'counts'), _loop_vars=_loop_vars))
            yield '\n      <td class="num chg" data-v="'
            yield escape((t_4(environment.getattr(l_1_r, 'changed')) if (environment.getattr(l_1_r, 'changed') or (environment.getattr(l_1_r, 'status') != 'error')) else cond_expr_undefined("the inline if-expression on line 94 in 'batch_index.html.j2' evaluated to false and no else section was defined.")))
            yield '">'
            if environment.getattr(l_1_r, 'changed'):
                pass
                yield '<span class="n">'
                yield escape(t_4(environment.getattr(l_1_r, 'changed')))
                yield '</span> <span class="ids" title="'
                yield escape(t_3(context.eval_ctx, t_5(context, environment.getattr(l_1_r, 'changed'), 'plain'), ', '))
                yield '">'
                yield escape(context.call((undefined(name='ids') if l_1_ids is missing else l_1_ids), environment.getattr(l_1_r, 'changed'), _loop_vars=_loop_vars))
                yield '</span>'
            elif (environment.getattr(l_1_r, 'status') == 'error'):
                pass
                yield '—'
            else:
                pass
                yield '0'
            yield '</td>\n      <td class="links">'
            if (t_1(environment.getattr(l_1_r, 'html')) and t_1(environment.getattr(l_1_r, 'json'))):
                pass
                yield '<span class="none">—</span>'
            else:
                pass
                yield escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_r, 'html'), 'HTML', _loop_vars=_loop_vars))
                yield '<span class="sep"> · </span>'
                yield escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_r, 'json'), 'JSON', _loop_vars=_loop_vars))
            yield '</td>\n    </tr>\n'
        l_1_r = l_1_icons = l_1_status_labels = l_1_counts_cells = l_1_ids = l_1_link = missing
        yield '    </tbody>\n  </table>\n  </div>\n  <p id="bx-none" class="empty" hidden>No agreement matches the filter.</p>\n'
    else:
        pass
        yield '  <p class="empty">No agreements were compared.</p>\n'
    yield '  <p class="hint">Status: <span class="badge b-same"><span aria-hidden="true">○</span> Same</span> no substantive changes (fill-in, formatting or OCR differences may remain);\n    <span class="badge b-different"><span aria-hidden="true">●</span> Different</span> at least one substantive change;\n    <span class="badge b-error"><span aria-hidden="true">✕</span> Error</span> the file could not be compared (the reason is given).\n    Fill-in changes are names, dates and signatories filled into the template.</p>\n</section>\n\n'
    if (undefined(name='unlisted') if l_0_unlisted is missing else l_0_unlisted):
        pass
        yield '<section id="unread" aria-labelledby="unread-h" class="problems">\n  <h2 id="unread-h"><span aria-hidden="true">⚠</span> Files that could not be read</h2>\n  <ul>\n'
        for (l_1_name, l_1_file, l_1_error) in (undefined(name='unlisted') if l_0_unlisted is missing else l_0_unlisted):
            _loop_vars = {}
            pass
            yield '    <li><bdi class="agency">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_1_name, _loop_vars=_loop_vars))
            yield '</bdi>'
            if (l_1_file and (l_1_file != l_1_name)):
                pass
                yield ' (<bdi class="file">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_1_file, _loop_vars=_loop_vars))
                yield '</bdi>)'
            yield ': <span class="errmsg">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_1_error, _loop_vars=_loop_vars))
            yield '</span></li>\n'
        l_1_name = l_1_file = l_1_error = missing
        yield '  </ul>\n</section>\n'
    yield '\n'
    if (undefined(name='clusters') if l_0_clusters is missing else l_0_clusters):
        pass
        yield '<section id="clusters" aria-labelledby="clusters-h">\n  <h2 id="clusters-h">Clusters <span class="count">('
        yield escape(t_4((undefined(name='clusters') if l_0_clusters is missing else l_0_clusters)))
        yield ')</span></h2>\n  <p class="hint">Agreements grouped by the template they follow; each member was compared with its cluster\'s baseline.</p>\n  <div class="clusters">\n'
        l_1_loop = missing
        for l_1_c, l_1_loop in LoopContext((undefined(name='clusters') if l_0_clusters is missing else l_0_clusters), undefined):
            _loop_vars = {}
            pass
            yield '  <section class="cluster" aria-labelledby="cl-'
            yield escape(environment.getattr(l_1_loop, 'index'))
            yield '">\n    <h3 id="cl-'
            yield escape(environment.getattr(l_1_loop, 'index'))
            yield '"><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'label'), _loop_vars=_loop_vars))
            yield '</bdi></h3>\n    <dl class="kv">\n      <div><dt>Model</dt><dd>'
            if environment.getattr(l_1_c, 'model'):
                pass
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'model'), _loop_vars=_loop_vars))
                if environment.getattr(l_1_c, 'model_name'):
                    pass
                    yield ' · '
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'model_name'), _loop_vars=_loop_vars))
            else:
                pass
                yield '—'
            yield '</dd></div>\n      <div><dt>Revision</dt><dd>'
            yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'revision'), _loop_vars=_loop_vars) if environment.getattr(l_1_c, 'revision') else '—'))
            yield '</dd></div>\n      <div><dt>Baseline</dt><dd><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'baseline'), _loop_vars=_loop_vars))
            yield '</bdi>'
            if (environment.getattr(l_1_c, 'baseline_file') and (environment.getattr(l_1_c, 'baseline_file') != environment.getattr(l_1_c, 'baseline'))):
                pass
                yield ' <bdi class="file">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_c, 'baseline_file'), _loop_vars=_loop_vars))
                yield '</bdi>'
            yield '</dd></div>\n      <div><dt>Members</dt><dd>'
            yield escape(t_4(environment.getattr(l_1_c, 'members')))
            if environment.getattr(l_1_c, 'cohesion'):
                pass
                yield ' <span class="sub">· cohesion '
                yield escape(environment.getattr(l_1_c, 'cohesion'))
                yield '</span>'
            yield '</dd></div>\n    </dl>\n    <ul class="members">\n'
            for l_2_m in environment.getattr(l_1_c, 'members'):
                _loop_vars = {}
                pass
                yield '<li>'
                if (environment.getattr(l_2_m, 'html') and environment.getattr(environment.getattr(l_2_m, 'html'), 'href')):
                    pass
                    yield '<a href="'
                    yield escape(environment.getattr(environment.getattr(l_2_m, 'html'), 'href'))
                    yield '"><bdi>'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_m, 'name'), _loop_vars=_loop_vars))
                    yield '</bdi></a>'
                else:
                    pass
                    yield '<bdi>'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_m, 'name'), _loop_vars=_loop_vars))
                    yield '</bdi>'
                if (environment.getattr(l_2_m, 'file') and (environment.getattr(l_2_m, 'file') != environment.getattr(l_2_m, 'name'))):
                    pass
                    yield ' <bdi class="file">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_m, 'file'), _loop_vars=_loop_vars))
                    yield '</bdi>'
                yield '</li>'
            l_2_m = missing
            yield '    </ul>\n  </section>\n'
        l_1_loop = l_1_c = missing
        yield '  </div>\n</section>\n'
    yield '\n'
    if (undefined(name='revisions') if l_0_revisions is missing else l_0_revisions):
        pass
        yield '<section id="revisions" aria-labelledby="revisions-h">\n  <h2 id="revisions-h">What changed between template revisions</h2>\n  <div class="tablewrap">\n  <table class="list revs">\n    <thead><tr>\n      <th scope="col">Revision</th><th scope="col">From → to</th>\n      <th scope="col" class="num">Substantive</th><th scope="col" class="num">Fill-in</th><th scope="col" class="num minor">Format&shy;ting / OCR</th>\n      <th scope="col" class="num">Changed clauses</th><th scope="col">Reports</th>\n    </tr></thead>\n    <tbody>\n'
        for l_1_v in (undefined(name='revisions') if l_0_revisions is missing else l_0_revisions):
            l_1_counts_cells = resolve('counts_cells')
            l_1_ids = resolve('ids')
            l_1_link = resolve('link')
            _loop_vars = {}
            pass
            yield '    <tr>\n      <th scope="row"><bdi>'
            yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'label'), _loop_vars=_loop_vars) if environment.getattr(l_1_v, 'label') else '—'))
            yield '</bdi></th>\n      <td><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'old'), _loop_vars=_loop_vars))
            yield '</bdi> <span aria-label="to">→</span> <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'new'), _loop_vars=_loop_vars))
            yield '</bdi>\n        <br><span class="sub">baselines: <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'old_baseline'), _loop_vars=_loop_vars))
            yield '</bdi> (<bdi class="file">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'old_file'), _loop_vars=_loop_vars))
            yield '</bdi>) → <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'new_baseline'), _loop_vars=_loop_vars))
            yield '</bdi> (<bdi class="file">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_v, 'new_file'), _loop_vars=_loop_vars))
            yield '</bdi>)</span></td>\n      '
            yield escape(context.call((undefined(name='counts_cells') if l_1_counts_cells is missing else l_1_counts_cells), environment.getattr(l_1_v, 'counts'), _loop_vars=_loop_vars))
            yield '\n      <td class="num chg">'
            if environment.getattr(l_1_v, 'changed'):
                pass
                yield '<span class="n">'
                yield escape(t_4(environment.getattr(l_1_v, 'changed')))
                yield '</span> <span class="ids">'
                yield escape(context.call((undefined(name='ids') if l_1_ids is missing else l_1_ids), environment.getattr(l_1_v, 'changed'), 40, _loop_vars=_loop_vars))
                yield '</span>'
            else:
                pass
                yield '0'
            yield '</td>\n      <td class="links">'
            if (t_1(environment.getattr(l_1_v, 'html')) and t_1(environment.getattr(l_1_v, 'json'))):
                pass
                yield '<span class="none">—</span>'
            else:
                pass
                yield escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_v, 'html'), 'HTML', _loop_vars=_loop_vars))
                yield '<span class="sep"> · </span>'
                yield escape(context.call((undefined(name='link') if l_1_link is missing else l_1_link), environment.getattr(l_1_v, 'json'), 'JSON', _loop_vars=_loop_vars))
            yield '</td>\n    </tr>\n'
        l_1_v = l_1_counts_cells = l_1_ids = l_1_link = missing
        yield '    </tbody>\n  </table>\n  </div>\n</section>\n'
    yield '</main>\n'

blocks = {'title': block_title, 'page': block_page, 'body': block_body}
debug_info = '4=19&5=22&6=34&7=37&8=45&9=49&10=54&11=57&13=80&14=94&15=104&19=159&20=163&21=167&23=174&24=176&25=178&26=180&28=184&29=187&33=196&37=204&38=208&44=212&49=214&53=228&58=239&63=242&67=246&76=248&77=257&78=269&79=285&80=289&81=294&82=306&83=309&85=318&86=334&87=337&88=343&89=350&91=359&92=367&93=373&94=375&95=377&96=386&97=393&113=408&117=411&118=415&124=428&126=431&129=434&130=438&131=440&133=444&134=455&135=457&136=465&139=472&147=499&158=502&160=509&161=511&162=515&163=523&164=525&165=536'

# Generated by jinja2 from templates/batch_index.html.j2: see moadiff/render/_page.py.
# ruff: noqa
# mypy: ignore-errors
# fingerprint of the template, jinja2 and its settings: dc3a9a391e85efd11ced742d66f54341221ce9e5a8b8d6efc1098bb778299370
