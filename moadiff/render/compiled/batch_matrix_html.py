from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'batch_matrix.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_t = l_0_order = missing
    pass
    parent_template = environment.get_template('batch_base.html.j2', 'batch_matrix.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('batch_macros.j2', 'batch_matrix.html.j2')._get_default_module(context)
    l_0_t = getattr(included_template, 't', missing)
    if l_0_t is missing:
        l_0_t = undefined(f"the template {included_template.__name__!r} (imported on line 5 in 'batch_matrix.html.j2') does not export the requested name 't'", name='t')
    context.vars['t'] = l_0_t
    context.exported_vars.discard('t')
    l_0_order = ['modified', 'removed', 'moved', 'fill-in', 'unchanged', 'missing']
    context.vars['order'] = l_0_order
    context.exported_vars.add('order')
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'Clause matrix · moadiff batch'

def block_page(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'matrix'

def block_body(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_mode = resolve('mode')
    l_0_t = resolve('t')
    l_0_mode_text = resolve('mode_text')
    l_0_matrices = resolve('matrices')
    l_0_order = resolve('order')
    try:
        t_1 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_1(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_2 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<a class="skip" href="#matrices">Skip to the matrix</a>\n<header id="top" class="masthead">\n  <p class="kicker">moadiff · batch comparison · <a href="index.html">back to the index</a></p>\n  <h1>Clause matrix</h1>\n  <p class="byline">Which clauses of the baseline changed in which agreement.\n    Mode: <strong>'
    yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='mode') if l_0_mode is missing else l_0_mode), _block_vars=_block_vars) if (undefined(name='mode') if l_0_mode is missing else l_0_mode) else '—'))
    yield '</strong>'
    if (undefined(name='mode_text') if l_0_mode_text is missing else l_0_mode_text):
        pass
        yield ', '
        yield escape((undefined(name='mode_text') if l_0_mode_text is missing else l_0_mode_text))
    yield '.\n    Data: <a href="matrix.csv">matrix.csv</a>.</p>\n'
    if (t_1((undefined(name='matrices') if l_0_matrices is missing else l_0_matrices)) > 1):
        pass
        yield '  <nav class="files" aria-label="Baselines">\n    <span class="tl">Baselines:</span>\n'
        l_1_loop = missing
        for l_1_m, l_1_loop in LoopContext((undefined(name='matrices') if l_0_matrices is missing else l_0_matrices), undefined):
            _loop_vars = {}
            pass
            yield '<a href="#m'
            yield escape(environment.getattr(l_1_m, 'n'))
            yield '"><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_m, 'baseline'), _loop_vars=_loop_vars))
            yield '</bdi></a> <span class="sub">('
            yield escape(t_1(environment.getattr(l_1_m, 'columns')))
            yield ')</span>'
            yield escape((' · ' if (not environment.getattr(l_1_loop, 'last')) else cond_expr_undefined("the inline if-expression on line 20 in 'batch_matrix.html.j2' evaluated to false and no else section was defined.")))
        l_1_loop = l_1_m = missing
        yield '  </nav>\n'
    yield '  <section class="legend-box" aria-labelledby="legend-h">\n    <h2 id="legend-h" class="sr">Legend</h2>\n    <ul class="legend">\n'
    for l_1_s in (undefined(name='order') if l_0_order is missing else l_0_order):
        l_1_cell = resolve('cell')
        _loop_vars = {}
        pass
        yield '<li><span class="sw s-'
        yield escape(environment.getitem(environment.getitem((undefined(name='cell') if l_1_cell is missing else l_1_cell), l_1_s), 0))
        yield '" aria-hidden="true">'
        yield escape(environment.getitem(environment.getitem((undefined(name='cell') if l_1_cell is missing else l_1_cell), l_1_s), 1))
        yield '</span> '
        yield escape(environment.getitem(environment.getitem((undefined(name='cell') if l_1_cell is missing else l_1_cell), l_1_s), 2))
        yield '</li>'
    l_1_s = l_1_cell = missing
    yield '    </ul>\n    <p class="hint">Rows are the baseline\'s clauses; columns are the agreements compared with it (hover a name for the full name and file; click it for the report).\n      <strong>Changed in</strong> counts the agreements where the clause is modified or removed;\n      <strong>Clauses changed</strong> counts, per agreement, clauses modified or removed plus clauses added.</p>\n  </section>\n</header>\n\n<main id="matrices">\n'
    t_3 = 1
    for l_1_m in (undefined(name='matrices') if l_0_matrices is missing else l_0_matrices):
        _loop_vars = {}
        pass
        yield '<section class="mx" id="m'
        yield escape(environment.getattr(l_1_m, 'n'))
        yield '" aria-labelledby="m'
        yield escape(environment.getattr(l_1_m, 'n'))
        yield '-h">\n  <h2 id="m'
        yield escape(environment.getattr(l_1_m, 'n'))
        yield '-h">Baseline: <bdi>'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_m, 'baseline'), _loop_vars=_loop_vars))
        yield '</bdi></h2>\n  <p class="meta">'
        if (environment.getattr(l_1_m, 'baseline_file') and (environment.getattr(l_1_m, 'baseline_file') != environment.getattr(l_1_m, 'baseline'))):
            pass
            yield '<bdi class="file">'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_m, 'baseline_file'), _loop_vars=_loop_vars))
            yield '</bdi> · '
        if environment.getattr(l_1_m, 'model'):
            pass
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_m, 'model'), _loop_vars=_loop_vars))
            yield ' · '
        if environment.getattr(l_1_m, 'revision'):
            pass
            yield 'revision '
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_m, 'revision'), _loop_vars=_loop_vars))
            yield ' · '
        yield escape(t_1(environment.getattr(l_1_m, 'rows')))
        yield ' clause'
        yield escape(('s' if (t_1(environment.getattr(l_1_m, 'rows')) != 1) else cond_expr_undefined("the inline if-expression on line 42 in 'batch_matrix.html.j2' evaluated to false and no else section was defined.")))
        yield ' × '
        yield escape(t_1(environment.getattr(l_1_m, 'columns')))
        yield ' agreement'
        yield escape(('s' if (t_1(environment.getattr(l_1_m, 'columns')) != 1) else cond_expr_undefined("the inline if-expression on line 42 in 'batch_matrix.html.j2' evaluated to false and no else section was defined.")))
        yield '\n    · '
        yield escape(environment.getattr(l_1_m, 'changed_clauses'))
        yield ' clause'
        yield escape(('s' if (environment.getattr(l_1_m, 'changed_clauses') != 1) else cond_expr_undefined("the inline if-expression on line 43 in 'batch_matrix.html.j2' evaluated to false and no else section was defined.")))
        yield ' changed in at least one agreement\n    · '
        yield escape(environment.getattr(l_1_m, 'added_total'))
        yield ' added clause'
        yield escape(('s' if (environment.getattr(l_1_m, 'added_total') != 1) else cond_expr_undefined("the inline if-expression on line 44 in 'batch_matrix.html.j2' evaluated to false and no else section was defined.")))
        yield ' in all</p>\n'
        if (environment.getattr(l_1_m, 'columns') and environment.getattr(l_1_m, 'rows')):
            pass
            yield '  <div class="mx-tools" hidden>\n    <label><input type="checkbox" class="only-changed" data-table="m'
            yield escape(environment.getattr(l_1_m, 'n'))
            yield '-t"> only clauses changed somewhere</label>\n    <span class="mx-info" id="m'
            yield escape(environment.getattr(l_1_m, 'n'))
            yield '-info"></span>\n  </div>\n  <div class="scroll" role="region" aria-label="Clause matrix, baseline '
            yield escape(t_2(environment.getattr(l_1_m, 'baseline')))
            yield '" tabindex="0">\n  <table class="heat" id="m'
            yield escape(environment.getattr(l_1_m, 'n'))
            yield '-t" data-info="m'
            yield escape(environment.getattr(l_1_m, 'n'))
            yield '-info">\n    <thead><tr>\n      <th scope="col" class="corner">Clause <span class="sub">/ agreement →</span></th>\n'
            for l_2_c in environment.getattr(l_1_m, 'columns'):
                _loop_vars = {}
                pass
                yield '      <th scope="col" class="col" title="'
                yield escape(environment.getattr(l_2_c, 'title'))
                yield '" data-name="'
                yield escape(t_2(environment.getattr(l_2_c, 'agency')))
                yield '">'
                if (environment.getattr(l_2_c, 'html') and environment.getattr(environment.getattr(l_2_c, 'html'), 'href')):
                    pass
                    yield '<a href="'
                    yield escape(environment.getattr(environment.getattr(l_2_c, 'html'), 'href'))
                    yield '"><span class="vt">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_c, 'agency'), _loop_vars=_loop_vars))
                    yield '</span></a>'
                else:
                    pass
                    yield '<span class="vt">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_c, 'agency'), _loop_vars=_loop_vars))
                    yield '</span>'
                yield '</th>\n'
            l_2_c = missing
            yield '      <th scope="col" class="tot">Changed in</th>\n    </tr></thead>\n    <tbody>\n'
            for l_2_r in environment.getattr(l_1_m, 'rows'):
                _loop_vars = {}
                pass
                yield '    <tr class="'
                yield escape(('chg' if environment.getattr(l_2_r, 'total') else 'nochg'))
                yield '"><th scope="row" class="clause" title="'
                yield escape(t_2(environment.getattr(l_2_r, 'key')))
                yield ' '
                yield escape(t_2(environment.getattr(l_2_r, 'title')))
                yield '"><span class="key">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'key'), _loop_vars=_loop_vars))
                yield '</span> <span class="ttl">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'title'), _loop_vars=_loop_vars))
                yield '</span></th>'
                for l_3_c in environment.getattr(l_2_r, 'cells'):
                    _loop_vars = {}
                    pass
                    yield '<td class="s-'
                    yield escape(environment.getitem(l_3_c, 0))
                    yield '">'
                    yield escape(environment.getitem(l_3_c, 1))
                    yield '</td>'
                l_3_c = missing
                yield '<td class="tot">'
                yield escape(environment.getattr(l_2_r, 'total'))
                yield '</td></tr>\n'
            l_2_r = missing
            yield '    <tr class="added chg"><th scope="row" class="clause">Added clauses <span class="sub">not in the baseline</span></th>'
            for l_2_c in environment.getattr(l_1_m, 'columns'):
                _loop_vars = {}
                pass
                yield '<td class="'
                yield escape(('a-yes' if environment.getattr(l_2_c, 'added') else 'a-no'))
                yield '">'
                yield escape(environment.getattr(l_2_c, 'added'))
                yield '</td>'
            l_2_c = missing
            yield '<td class="tot">'
            yield escape(environment.getattr(l_1_m, 'added_total'))
            yield '</td></tr>\n    </tbody>\n    <tfoot><tr><th scope="row" class="clause">Clauses changed <span class="sub">M + R + added</span></th>'
            for l_2_c in environment.getattr(l_1_m, 'columns'):
                _loop_vars = {}
                pass
                yield '<td>'
                yield escape(environment.getattr(l_2_c, 'total'))
                yield '</td>'
            l_2_c = missing
            yield '<td class="tot">'
            yield escape(environment.getattr(l_1_m, 'total'))
            yield '</td></tr></tfoot>\n  </table>\n  </div>\n'
        elif (not environment.getattr(l_1_m, 'columns')):
            pass
            yield '  <p class="empty">No agreement was compared with this baseline.</p>\n'
        else:
            pass
            yield '  <p class="empty">The baseline has no clauses.</p>\n'
        yield '</section>\n'
        t_3 = 0
    l_1_m = missing
    if t_3:
        pass
        yield '<p class="empty">There is no clause matrix for this batch'
        if ((undefined(name='mode') if l_0_mode is missing else l_0_mode) == 'pairs'):
            pass
            yield ': in pairs mode each agreement has its own older version, so there is no shared baseline to line the clauses up against'
        yield '.</p>\n'
    yield '</main>\n'

blocks = {'title': block_title, 'page': block_page, 'body': block_body}
debug_info = '4=13&5=16&6=22&7=27&8=37&9=47&15=73&17=80&20=84&26=98&35=112&36=116&37=120&39=124&40=129&41=133&42=138&43=146&44=150&45=154&47=157&48=159&50=161&51=163&54=167&55=171&60=190&61=194&62=204&63=214&66=218&67=228&70=230&71=238&74=240&81=252'

# Generated by jinja2 from templates/batch_matrix.html.j2: see moadiff/render/_page.py.
# ruff: noqa
# mypy: ignore-errors
# fingerprint of the template, jinja2 and its settings: 0e8e20fb2c4a6e3e43e878b853f856d2d97c6e0611d83857ff08bcf468cd0844
