import moadiff


def test_all_is_sorted_and_complete() -> None:
    assert moadiff.__all__ == sorted(moadiff.__all__)
    public = {name for name in vars(moadiff) if not name.startswith("_")}
    modules = {"align", "clauses", "clean", "errors", "lexicon", "model", "output", "render", "worddiff"}
    assert set(moadiff.__all__) == public - modules - {"cli"}
