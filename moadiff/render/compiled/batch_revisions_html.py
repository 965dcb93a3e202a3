from jinja2.runtime import LoopContext, Macro, Markup, Namespace, TemplateNotFound, TemplateReference, TemplateRuntimeError, Undefined, escape, identity, internalcode, markup_join, missing, str_join
name = 'batch_revisions.html.j2'

def root(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    parent_template = None
    l_0_t = l_0_excerpt = missing
    pass
    parent_template = environment.get_template('batch_base.html.j2', 'batch_revisions.html.j2')
    for name, parent_block in parent_template.blocks.items():
        context.blocks.setdefault(name, []).append(parent_block)
    included_template = environment.get_template('batch_macros.j2', 'batch_revisions.html.j2')._get_default_module(context)
    l_0_t = getattr(included_template, 't', missing)
    if l_0_t is missing:
        l_0_t = undefined(f"the template {included_template.__name__!r} (imported on line 5 in 'batch_revisions.html.j2') does not export the requested name 't'", name='t')
    context.vars['t'] = l_0_t
    context.exported_vars.discard('t')
    def macro(l_1_x):
        t_1 = []
        if l_1_x is missing:
            l_1_x = undefined("parameter 'x' was not provided", name='x')
        pass
        if environment.getattr(l_1_x, 'labels'):
            pass
            if environment.getattr(l_1_x, 'new'):
                pass
                t_1.extend((
                    'labels added: <ins>',
                    escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'new'))),
                    '</ins>',
                ))
            if (environment.getattr(l_1_x, 'new') and environment.getattr(l_1_x, 'old')):
                pass
                t_1.append(
                    '; ',
                )
            if environment.getattr(l_1_x, 'old'):
                pass
                t_1.extend((
                    'labels removed: <del>',
                    escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'old'))),
                    '</del>',
                ))
        else:
            pass
            t_1.extend((
                '… ',
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'before'))),
                ' ',
            ))
            if environment.getattr(l_1_x, 'old'):
                pass
                t_1.extend((
                    '<del>',
                    escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'old'))),
                    '</del>',
                ))
            t_1.append(
                ' ',
            )
            if environment.getattr(l_1_x, 'new'):
                pass
                t_1.extend((
                    '<ins>',
                    escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'new'))),
                    '</ins>',
                ))
                if environment.getattr(l_1_x, 'moved_from'):
                    pass
                    t_1.extend((
                        ' <span class="sub">(moved here from <bdi>',
                        escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'moved_from'))),
                        '</bdi>)</span>',
                    ))
            for (l_2_between, l_2_old, l_2_new) in environment.getattr(l_1_x, 'more'):
                _loop_vars = {}
                pass
                t_1.extend((
                    ' ',
                    escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_between, _loop_vars=_loop_vars)),
                    ' ',
                ))
                if l_2_old:
                    pass
                    t_1.extend((
                        '<del>',
                        escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_old, _loop_vars=_loop_vars)),
                        '</del>',
                    ))
                t_1.append(
                    ' ',
                )
                if l_2_new:
                    pass
                    t_1.extend((
                        '<ins>',
                        escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_2_new, _loop_vars=_loop_vars)),
                        '</ins>',
                    ))
            l_2_between = l_2_old = l_2_new = missing
            t_1.extend((
                ' ',
                escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_x, 'after'))),
                ' …',
            ))
        return concat(t_1)
    context.exported_vars.add('excerpt')
    context.vars['excerpt'] = l_0_excerpt = Macro(environment, macro, 'excerpt', ('x',), False, False, False, context.eval_ctx.autoescape)
    yield from parent_template.root_render_func(context)

def block_title(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'What ICE changed in the 287(g) agreements · moadiff'

def block_page(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    pass
    yield 'revisions'

def block_body(context, missing=missing, environment=environment):
    resolve = context.resolve_or_missing
    undefined = environment.undefined
    concat = environment.concat
    cond_expr_undefined = Undefined
    if 0: yield None
    _block_vars = {}
    l_0_documents = resolve('documents')
    l_0_folder = resolve('folder')
    l_0_t = resolve('t')
    l_0_histories = resolve('histories')
    try:
        t_2 = environment.filters['length']
    except KeyError:
        @internalcode
        def t_2(*unused):
            raise TemplateRuntimeError("No filter named 'length' found.")
    try:
        t_3 = environment.filters['plain']
    except KeyError:
        @internalcode
        def t_3(*unused):
            raise TemplateRuntimeError("No filter named 'plain' found.")
    pass
    yield '<header id="top" class="masthead">\n  <p class="kicker">moadiff · template revisions</p>\n  <h1>What ICE changed in the 287(g) agreements</h1>\n  <p class="byline">'
    yield escape((undefined(name='documents') if l_0_documents is missing else l_0_documents))
    yield ' agreements from <bdi class="file">'
    yield escape((context.call((undefined(name='t') if l_0_t is missing else l_0_t), (undefined(name='folder') if l_0_folder is missing else l_0_folder), _block_vars=_block_vars) if (undefined(name='folder') if l_0_folder is missing else l_0_folder) else '—'))
    yield '</bdi>, grouped by the template revision they follow.\n    Between each revision and the next: the clauses whose template language changed, watch-list topics first;\n    <del>struck</del> words were deleted, <ins>underlined</ins> words inserted. Agency fill-ins, OCR noise and formatting are left out.</p>\n  <nav class="files" aria-label="Other views"><a href="index.html">All agreements</a> · <a href="revisions.md">revisions.md</a> · <a href="deviations.csv">deviations.csv</a></nav>\n</header>\n<main>\n'
    l_1_loop = missing
    for l_1_h, l_1_loop in LoopContext((undefined(name='histories') if l_0_histories is missing else l_0_histories), undefined):
        _loop_vars = {}
        pass
        yield '<section aria-labelledby="m-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">\n  <h2 id="m-'
        yield escape(environment.getattr(l_1_loop, 'index'))
        yield '">'
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_h, 'name'), _loop_vars=_loop_vars))
        yield ' <span class="sub">('
        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_1_h, 'model'), _loop_vars=_loop_vars))
        yield ')</span></h2>\n  <div class="tablewrap">\n  <table class="list revs">\n    <thead><tr><th scope="col">Revision</th><th scope="col" class="num">Agreements</th><th scope="col">Baseline compared</th><th scope="col">Agreements using it</th></tr></thead>\n    <tbody>\n'
        for l_2_r in environment.getattr(l_1_h, 'revisions'):
            _loop_vars = {}
            pass
            yield '    <tr><th scope="row"><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'label'), _loop_vars=_loop_vars))
            yield '</bdi></th><td class="num">'
            yield escape(environment.getattr(l_2_r, 'count'))
            yield '</td>\n      <td><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'baseline'), _loop_vars=_loop_vars))
            yield '</bdi>'
            if (environment.getattr(l_2_r, 'baseline_file') != environment.getattr(l_2_r, 'baseline')):
                pass
                yield '<br><bdi class="file">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_r, 'baseline_file'), _loop_vars=_loop_vars))
                yield '</bdi>'
            yield '</td>\n      <td><details><summary>'
            yield escape(environment.getattr(l_2_r, 'count'))
            yield ' agreement'
            yield escape(('s' if (environment.getattr(l_2_r, 'count') != 1) else cond_expr_undefined("the inline if-expression on line 36 in 'batch_revisions.html.j2' evaluated to false and no else section was defined.")))
            yield '</summary><ul class="members">'
            for (l_3_a, l_3_f) in environment.getattr(l_2_r, 'members'):
                _loop_vars = {}
                pass
                yield '<li><bdi>'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_3_a, _loop_vars=_loop_vars))
                yield '</bdi>'
                if (l_3_f and (l_3_f != l_3_a)):
                    pass
                    yield ' <bdi class="file">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_3_f, _loop_vars=_loop_vars))
                    yield '</bdi>'
                yield '</li>'
            l_3_a = l_3_f = missing
            yield '</ul></details></td></tr>\n'
        l_2_r = missing
        yield '    </tbody>\n  </table>\n  </div>\n'
        if (not environment.getattr(l_1_h, 'steps')):
            pass
            yield '<p class="hint">Only one revision of this model is in the folder.</p>'
        l_2_loop = missing
        for l_2_s, l_2_loop in LoopContext(environment.getattr(l_1_h, 'steps'), undefined):
            _loop_vars = {}
            pass
            yield '  <section class="step" aria-labelledby="s-'
            yield escape(environment.getattr(l_2_loop, 'index'))
            yield '-'
            yield escape(t_3(environment.getattr(l_1_h, 'model')))
            yield '">\n    <h3 id="s-'
            yield escape(environment.getattr(l_2_loop, 'index'))
            yield '-'
            yield escape(t_3(environment.getattr(l_1_h, 'model')))
            yield '"><bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_s, 'old'), _loop_vars=_loop_vars))
            yield '</bdi> → <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_s, 'new'), _loop_vars=_loop_vars))
            yield '</bdi></h3>\n    <p class="sub">Baselines compared: <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_s, 'old_baseline'), _loop_vars=_loop_vars))
            yield '</bdi> → <bdi>'
            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_s, 'new_baseline'), _loop_vars=_loop_vars))
            yield '</bdi>'
            if environment.getattr(l_2_s, 'report'):
                pass
                yield ' · <a href="'
                yield escape(environment.getattr(l_2_s, 'report'))
                yield '">full report</a>'
            yield '</p>\n'
            if environment.getattr(l_2_s, 'set_aside'):
                pass
                yield '<p class="hint">'
                yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_2_s, 'set_aside_note'), _loop_vars=_loop_vars))
                yield '</p>'
            if (not environment.getattr(l_2_s, 'clauses')):
                pass
                yield "    <p>No change to the template's language: the two revisions say the same thing.</p>\n"
            else:
                pass
                yield '    <p>'
                yield escape(t_2(environment.getattr(l_2_s, 'clauses')))
                yield ' clause'
                yield escape(('s' if (t_2(environment.getattr(l_2_s, 'clauses')) != 1) else cond_expr_undefined("the inline if-expression on line 50 in 'batch_revisions.html.j2' evaluated to false and no else section was defined.")))
                yield ' changed ('
                yield escape(environment.getattr(l_2_s, 'added'))
                yield ' added, '
                yield escape(environment.getattr(l_2_s, 'removed'))
                yield ' removed), '
                yield escape(environment.getattr(l_2_s, 'substantive'))
                yield ' substantive edit'
                yield escape(('s' if (environment.getattr(l_2_s, 'substantive') != 1) else cond_expr_undefined("the inline if-expression on line 50 in 'batch_revisions.html.j2' evaluated to false and no else section was defined.")))
                yield '.</p>\n'
                for l_3_v in environment.getattr(l_2_s, 'clauses'):
                    _loop_vars = {}
                    pass
                    yield '    <article class="chg'
                    yield escape((' watched' if environment.getattr(l_3_v, 'watch') else cond_expr_undefined("the inline if-expression on line 52 in 'batch_revisions.html.j2' evaluated to false and no else section was defined.")))
                    yield '">\n      <h4><bdi>'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_3_v, 'heading'), _loop_vars=_loop_vars))
                    yield '</bdi> <span class="badge">'
                    yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_3_v, 'status'), _loop_vars=_loop_vars))
                    yield '</span>'
                    for l_4_w in environment.getattr(l_3_v, 'watch'):
                        _loop_vars = {}
                        pass
                        yield ' <span class="badge b-different">'
                        yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), l_4_w, _loop_vars=_loop_vars))
                        yield '</span>'
                    l_4_w = missing
                    yield '</h4>\n'
                    if environment.getattr(l_3_v, 'quote'):
                        pass
                        yield '<blockquote class="'
                        yield escape(('del' if (environment.getattr(l_3_v, 'status') == 'removed') else 'ins'))
                        yield '">'
                        if (environment.getattr(l_3_v, 'status') == 'removed'):
                            pass
                            yield '<del>'
                            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_3_v, 'quote'), _loop_vars=_loop_vars))
                            yield '</del>'
                        else:
                            pass
                            yield '<ins>'
                            yield escape(context.call((undefined(name='t') if l_0_t is missing else l_0_t), environment.getattr(l_3_v, 'quote'), _loop_vars=_loop_vars))
                            yield '</ins>'
                        yield '</blockquote>'
                    if environment.getattr(l_3_v, 'excerpts'):
                        pass
                        yield '<ul>'
                        for l_4_x in environment.getattr(l_3_v, 'excerpts'):
                            l_4_excerpt = resolve('excerpt')
                            _loop_vars = {}
                            pass
                            yield '<li>'
                            yield escape(context.call((undefined(name='excerpt') if l_4_excerpt is missing else l_4_excerpt), l_4_x, _loop_vars=_loop_vars))
                            yield '</li>'
                        l_4_x = l_4_excerpt = missing
                        yield '</ul>'
                    yield '    </article>\n'
                l_3_v = missing
            yield '  </section>\n'
        l_2_loop = l_2_s = missing
        yield '</section>\n'
    l_1_loop = l_1_h = missing
    yield '</main>\n'

blocks = {'title': block_title, 'page': block_page, 'body': block_body}
debug_info = '4=13&5=16&6=22&7=27&8=29&10=52&11=79&14=115&15=125&16=135&20=160&26=165&27=169&28=171&33=177&34=181&35=185&36=193&41=213&42=217&43=221&44=225&45=233&46=243&47=248&50=254&51=266&52=270&53=272&54=284&55=300'

# Generated by jinja2 from templates/batch_revisions.html.j2: see moadiff/render/_page.py.
# ruff: noqa
# mypy: ignore-errors
# fingerprint of the template, jinja2 and its settings: aecfb1707b72dadae912bc8f4e1a71558342cce048a45c74043c5cbb10b41196
