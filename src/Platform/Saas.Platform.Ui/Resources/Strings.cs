namespace Saas.Platform.Ui.Resources;

/// <summary>The staff app's texts: <c>Strings.resx</c> (English) and <c>Strings.zh-CN.resx</c> (简体中文).</summary>
public sealed class Strings;
